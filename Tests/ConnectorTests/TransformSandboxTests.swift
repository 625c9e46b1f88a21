import Foundation
import HTTP
import Ledger
import Procore
import Sage100
import Sandbox
import Testing
@testable import Connector

@Suite("Transform: Procore sandbox pull -> transform -> Sage agent simulator", .serialized)
struct TransformSandboxTests {
    static let mappingYAML = """
    mapping:
      default_segments: { division: "00" }
      rules:
        - { cost_type: S, account: "5100-00-00" }
        - { cost_type: M, account: "5200-00-00" }
      default_account: "5700-00-00"
      accounts:
        retainage_payable: "2010-00-00"
        ap_control: "2000-00-00"
      bank_code: "A"
      vendors:
        create_missing: true
        number_scheme: { prefix: "P", width: 6 }
      ap_division: "00"
      terms_code: "30"
    """

    @Test("sandbox data transforms into batches the agent simulator accepts, with totals that reconcile")
    func endToEnd() async throws {
        let pull = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 60))
        let post = try await PostHarness()
        defer {
            Task {
                await pull.stop()
                await post.shutdown()
            }
        }
        let pulled = try await pull.pull()
        #expect(pulled.isComplete)

        // Reference data read from the agent over HTTP and cached in the ledger.
        let reference = try await ReferenceData.refresh(using: post.agent, ledger: post.ledger, company: "ABC")
        #expect(reference.structure.mask == "####-##-##")
        #expect(!reference.accounts.isEmpty && !reference.vendors.isEmpty)
        #expect(try ReferenceData.load(from: post.ledger, company: "ABC") == reference)

        let mapping = try MappingConfiguration.parse(yaml: Self.mappingYAML, file: "connector.yml", baseDirectory: nil)
        // The pull ran against its own ledger: bring what it received into this one.
        try StagingImport.importFolders(ledger: post.ledger, stagingRoot: pull.workspace.stagingRoot)
        let transformer = Transformer(ledger: post.ledger, mapping: mapping, reference: reference, company: "ABC", outboxRoot: post.outbox,
                                      options: TransformOptions(vendorNamePolicy: .truncate))
        let summary = try transformer.run()
        #expect(summary.unreadable.isEmpty, "\(summary.unreadable)")
        // The sandbox plants names that start like formulas ("=Summit …", "+1 Plumbing …"): they
        // are real names, so nothing is refused for them.
        let vendorReasons = summary.invalid.filter { $0.resource == "vendors" }.flatMap(\.reasons)
        #expect(!vendorReasons.contains { $0.contains("formula") }, "\(vendorReasons)")
        // The generator's requisitions are internally consistent: none may fail the totals check.
        let totals = summary.invalid.flatMap(\.reasons).filter { $0.contains("items add up") }
        #expect(totals.isEmpty, "\(totals.prefix(3))")
        let invoices = try #require(summary.batches.first { $0.kind == "ap-invoices" })
        #expect(invoices.count > 0)
        #expect(summary.counts("ap-invoices").valid == invoices.count)

        // Every invoice: lines add up to InvoiceAmt (net); the batch control total is their sum.
        let data = try Data(contentsOf: URL(fileURLWithPath: invoices.path + "/ap-invoices.json"))
        let request = try JSONDecoder().decode(ImportRequest.self, from: data)
        var control = Decimal(0)
        for entry in request.records {
            let invoice: APInvoice = try entry.record.decode()
            #expect(invoice.distributionTotal == invoice.invoiceAmt, "\(invoice.recordLabel)")
            control += invoice.invoiceAmt
        }
        #expect(AgentWire.money(control) == invoices.controlTotal)

        // Post everything to the simulator: Sage accepts what the transform built.
        let posted = try await post.poster().run()
        #expect(posted.rejected.isEmpty, "\(posted.rejected.prefix(3).map(\.reasons))")
        #expect(posted.postedCount == summary.batches.reduce(0) { $0 + $1.count })

        // A second transform of the same pull sends nothing new.
        let again = try transformer.run()
        #expect(again.batches.isEmpty)
    }
}
