import Demo
import Foundation
import JSON
import Ledger
import Money
import Sage100
import Sandbox
import Testing
@testable import Connector

/// The month-end job-to-date reconciliation on a company of 50 projects, both sandboxes over
/// loopback: Procore's side must equal the Procore sandbox's own figures per commitment (summed
/// from its records, not from the JSON it serves), Sage's side the simulator's tables per job
/// and purchase order, every difference must be a record the connector has not sent, and a
/// document keyed directly into Sage must be flagged.
@Suite("Job-to-date reconciliation", .serialized)
struct JobToDateTests {
    static func money(cents: Int64) -> Money { Money(Decimal(cents) / 100) }

    @Test("50 projects: equal to both sandboxes' own totals to the cent; differences are records not sent; a document keyed in Sage is flagged")
    func fiftyProjects() async throws {
        try await DemoEnvironment.withTemporary("job-to-date", options: .init(projects: 50, recordsPerProject: 40, seed: 11), check)
    }

    func check(_ env: DemoEnvironment) async throws {
        let configuration = try env.configuration()
        let run = await PayCycle(configuration: configuration).run()
        #expect(run.exitCode == 0 || run.exitCode == 4, "exit \(run.exitCode): \(run.headline)")
        let cycle = PayCycle(configuration: configuration)
        let ledger = try cycle.openLedger()
        let agent = try cycle.makeAgent()
        let jobs = configuration.mapping.projects.compactMapValues(\.jobNo)
        #expect(jobs.count == 50)

        let (report, files) = try await cycle.jobToDate(asOf: nil, agent: agent, ledger: ledger)
        // Inactive projects are not pulled, and have nothing in Sage: no section.
        let dataset = await env.procore.dataset()
        #expect(report.jobs.count == 50 - dataset.inactiveProjectIDs.count)
        let pulled = Set(dataset.projectIDs).subtracting(dataset.inactiveProjectIDs)

        // Procore's side: every approved commitment of a mapped project, and every other one
        // billed or paid against, each figure equal to the sandbox's own sums.
        func approved(_ c: ProcoreSandboxDataset.CommitmentTotals) -> Bool { ["approved", "complete"].contains(c.status.lowercased()) }
        let expected = Dictionary(uniqueKeysWithValues: dataset.commitments.filter {
            !$0.deleted && pulled.contains($0.projectID) && jobs[$0.projectID] != nil
                && (approved($0) || $0.billedCents != 0 || $0.paidCents != 0)
        }.map { ($0.id, $0) })
        #expect(expected.values.contains { !approved($0) }, "some commitment not approved was billed against")
        let rows = report.jobs.flatMap(\.commitments)
        #expect(rows.count > 50, "a company this size has dozens of commitments")
        #expect(Set(rows.map(\.commitmentID)) == Set(expected.keys))
        for row in rows {
            let own = try #require(expected[row.commitmentID])
            #expect(row.originalCommitment == Self.money(cents: own.originalCents), "commitment \(row.commitmentID) original")
            let changeOrders = approved(own) ? own.approvedChangeOrdersCents : 0
            #expect(row.approvedChangeOrders == Self.money(cents: changeOrders), "commitment \(row.commitmentID) change orders")
            #expect(row.procore.committed == (approved(own) ? Self.money(cents: own.originalCents + changeOrders) : .zero))
            #expect(row.procore.billed == Self.money(cents: own.billedCents), "commitment \(row.commitmentID) billed")
            #expect(row.procore.retainage == Self.money(cents: own.retainageCents), "commitment \(row.commitmentID) retainage")
            #expect(row.procore.paid == Self.money(cents: own.paidCents), "commitment \(row.commitmentID) paid")
        }

        // Sage's side: per job and per purchase order, what the simulator's tables hold.
        for job in report.jobs {
            let tables = try env.agent.jobTotals(job.jobNo)
            #expect(job.sage.committed.value == tables.purchaseOrderLines, "job \(job.jobNo) purchase order lines")
            #expect(job.sage.billed.value == tables.invoiceLines, "job \(job.jobNo) invoice lines")
            #expect(job.sage.paid.value == tables.checkLines, "job \(job.jobNo) check lines")
            for c in job.commitments {
                #expect(c.sage.committed.value == (c.purchaseOrderNo.flatMap { tables.purchaseOrders[$0] } ?? 0),
                        "commitment \(c.commitmentID) against purchase order \(c.purchaseOrderNo ?? "none")")
            }
        }

        // Every difference is a record the connector has not sent, each with its state; nothing
        // is in Sage that the connector did not post.
        let differing = rows.filter { $0.status == .differs }
        #expect(differing.isEmpty, "\(differing.prefix(3).map { "\($0.commitmentID): \($0.unexplained)" })")
        #expect(report.inSageOnly == 0, "\(report.jobs.flatMap(\.inSageOnly).prefix(12).map { "\($0.kind) \($0.sageKey) \($0.amount) \($0.entered) \($0.countedIn ?? "-")" })")
        #expect(Set(rows.map(\.commitmentID)) == Set(expected.keys), "forbidden \(dataset.forbiddenProjectIDs); missing \(Set(expected.keys).subtracting(rows.map(\.commitmentID)).map { ($0, expected[$0]!.projectID, expected[$0]!.status) })")
        #expect(report.explained > 0, "the sandbox's dirt holds some records back")
        #expect(rows.filter { $0.status == .explained }.allSatisfy { !$0.notSent.isEmpty })
        #expect(rows.contains { $0.status == .agrees })
        #expect(report.exitStatus == .needsPerson, "records held back: the two systems' books differ until they post")

        let csv = try String(contentsOfFile: files.csv, encoding: .utf8)
        #expect(csv.components(separatedBy: "\r\ncommitment,").count - 1 == rows.count)
        let html = try String(contentsOfFile: files.html, encoding: .utf8)
        #expect(html.contains(report.headline().replacingOccurrences(of: "&", with: "&amp;")))

        // A bill keyed straight into Sage on one job (no agent import) is flagged on that job,
        // with its amount, and Sage's figures still equal the tables.
        let job = try #require(report.jobs.first { !$0.commitments.isEmpty })
        let invoice = try #require(try await agent.jobDocuments(jobNo: job.jobNo).first { $0.kind == SageDocumentKind.apInvoices.rawValue })
        let line = try #require(invoice.record["lines"]?.arrayValue?.first { $0["JobNo"]?.stringValue == job.jobNo })
        func text(_ value: JSONValue?) -> JSONValue { .string(value?.stringValue ?? "") }
        let keyed: JSONValue = .object([
            "APDivisionNo": text(invoice.record["APDivisionNo"]), "VendorNo": text(invoice.record["VendorNo"]),
            "InvoiceNo": .string("KEYED-1"), "InvoiceDate": .string("20261130"), "TermsCode": text(invoice.record["TermsCode"]),
            "JobNo": .string(job.jobNo), "InvoiceAmt": .string("1234.56"),
            "lines": .array([.object(["AccountKey": text(line["AccountKey"]), "DistributionAmt": .string("1234.56"),
                                      "JobNo": .string(job.jobNo), "CostCode": text(line["CostCode"]), "CostType": text(line["CostType"])])]),
        ])
        let result = try await env.agent.keyInSage(.apInvoices, record: keyed)
        #expect(result.status == .posted, "\(result.messages)")
        let after = try await cycle.jobToDate(asOf: nil, agent: agent, ledger: ledger).report
        let flagged = try #require(after.jobs.first { $0.jobNo == job.jobNo })
        let entry = try #require(flagged.inSageOnly.first)
        #expect(flagged.inSageOnly.count == 1)
        #expect(entry.kind == SageDocumentKind.apInvoices.rawValue && entry.entered == "keyed in Sage")
        #expect(entry.amount == Money(Decimal(string: "1234.56")!))
        let tablesAfter = try env.agent.jobTotals(job.jobNo)
        #expect(flagged.sage.billed.value == tablesAfter.invoiceLines)
        #expect(after.jobs.filter { $0.jobNo != job.jobNo }.allSatisfy { $0.inSageOnly.isEmpty })
        #expect(after.exitStatus == .needsPerson)
        #expect(after.headline().contains("1 document(s) in Sage 100 that the connector did not post"))

        // As of a day before the keyed bill, it is left out again.
        let before = try await cycle.jobToDate(asOf: .init(year: 2026, month: 11, day: 29), agent: agent, ledger: ledger).report
        #expect(before.jobs.first { $0.jobNo == job.jobNo }?.inSageOnly.isEmpty == true)
    }
}
