@testable import Demo
import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// A pay cycle at the size of a real mid-size company: 20 projects x 2,000 generated records
/// through both sandboxes over loopback. The sandbox's dirt grows with the company (check
/// numbers repeated across projects, invoice numbers repeated across and within vendors, PO
/// numbers repeated across projects); only at this size do duplicates, collisions and cost
/// growth show.
@Suite("A company of realistic size end to end", .serialized)
struct RealisticSizeTests {
    static let projects = 20
    static let recordsPerProject = 2_000

    @Test("20 projects x 2,000 records: no fatal exit, every valid record posted once, totals to the cent per vendor, job and account")
    func realisticCompany() async throws {
        try await DemoEnvironment.withTemporary("realistic", options: .init(
            projects: Self.projects, recordsPerProject: Self.recordsPerProject, seed: 7, unmappedCostCode: nil), check)
    }

    func check(_ env: DemoEnvironment) async throws {
        let configuration = try env.configuration()
        let first = await PayCycle(configuration: configuration).run()
        #expect(first.exitCode == 0 || first.exitCode == 4, "exit \(first.exitCode): \(first.headline)")
        let runID = try #require(first.runID)

        // The company is as dirty as real ones: check, invoice and PO numbers recur, and the
        // transform gave the repeats other Sage numbers (shown next to the original).
        let renumbered = Set(first.transforms.flatMap(\.adjusted).filter { $0.original != $0.written }.map(\.field))
        for field in ["CheckNo", "InvoiceNo", "PurchaseOrderNo"] {
            #expect(renumbered.contains(field), "no repeated \(field) was renumbered: the dirt did not grow with the company")
        }
        let ledger = try Ledger.open(path: configuration.ledgerPath)

        // Every valid record went out once: none is left valid or batched, the agent holds each
        // idempotency key once, and exactly the ledger's posted records.
        #expect(try ledger.records(in: .valid, limit: 1).isEmpty)
        #expect(try ledger.records(in: .batched, limit: 1).isEmpty)
        let postings = try env.agent.postings()
        #expect(postings.count > 5_000)
        #expect(Set(postings.map(\.idempotencyKey)).count == postings.count)
        let posted = try ledger.records(in: .posted, limit: 1_000_000)
        #expect(Set(posted.map(\.idempotencyKey)) == Set(postings.map(\.idempotencyKey)))

        // Sage keys are unique per kind: repeated Procore numbers became distinct documents.
        for kind in [SageDocumentKind.manualChecks, .apInvoices, .purchaseOrders] {
            let keys = postings.filter { $0.kind == kind }.map(\.sageKey)
            #expect(!keys.isEmpty, "\(kind.rawValue) posted")
            #expect(Set(keys).count == keys.count, "\(kind.rawValue): a Sage key was used twice")
        }

        // Read back from the agent per vendor, job and account: Sage holds the source to the
        // cent, less exactly what Sage refused (each refusal is listed as an exception).
        let cycle = PayCycle(configuration: configuration)
        let report = try await cycle.reconcile(runID: runID, agent: try cycle.makeAgent(), ledger: ledger).report
        #expect(!report.byVendor.isEmpty && !report.byJob.isEmpty && !report.byAccount.isEmpty)
        let refused = try ledger.records(in: .rejected, limit: 1_000_000)
        #expect(report.exceptions.filter { $0.kind == .rejected }.count == refused.count)
        var heldBack: [String: Decimal] = [:]
        for record in refused {
            for amount in try ledger.recordAmounts(recordID: record.id) where amount.line == "distribution" {
                heldBack["vendor|\(amount.kind)|\(amount.vendorNo ?? "")", default: 0] += amount.amount
                heldBack["job|\(amount.kind)|\(amount.jobNo ?? "")", default: 0] += amount.amount
                heldBack["account|\(amount.kind)|\(amount.account ?? "")", default: 0] += amount.amount
            }
        }
        for (breakdown, rows) in [("vendor", report.byVendor), ("job", report.byJob), ("account", report.byAccount)] {
            for row in rows {
                let refusedHere = heldBack["\(breakdown)|\(row.kind)|\(row.key ?? "")"] ?? 0
                #expect(row.sourceTotal.value - refusedHere == row.postedTotal.value,
                        "\(breakdown) \(row.kind) \(row.key ?? "-"): source \(row.sourceTotal) less refused \(refusedHere) vs Sage \(row.postedTotal)")
            }
        }
        #expect(report.exceptions.allSatisfy { $0.kind == .invalid || $0.kind == .rejected },
                "\(Set(report.exceptions.map(\.kind)))")

        // A second run posts nothing new.
        let second = await PayCycle(configuration: configuration).run()
        #expect(second.exitCode == 0 || second.exitCode == 4)
        #expect((second.post?.postedCount ?? -1) == 0)
        #expect(try env.agent.postings().count == postings.count)
    }
}
