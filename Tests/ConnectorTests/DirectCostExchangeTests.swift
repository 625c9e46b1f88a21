import ConnectorTesting
import Demo
import Foundation
import JSON
import Ledger
import Money
import Procore
import Sage100
import Sandbox
import Synchronization
import Testing
@testable import Connector

/// Sage 100's own job costs to Procore direct costs over loopback: the Procore sandbox's direct
/// cost syncs, the agent simulator's job cost reads, a ledger on disk.
@Suite("Job cost exchange: Sage-only job costs to Procore direct costs")
struct DirectCostExchangeTests {
    @Test("payroll and an AP invoice keyed in Sage become Procore direct costs once, to the cent; what came from Procore is not sent back; a job Procore lacks is named; a second exchange creates nothing")
    func jobCostsBecomeDirectCosts() async throws {
        try await DemoEnvironment.withTemporary("job-costs", options: .init(projects: 2, recordsPerProject: 40, seed: 7)) { env in
            var config = try env.configuration()
            config.mapping.jobCostsToProcore = true
            let cycle = PayCycle(configuration: config)
            _ = await cycle.run()   // posts Procore's commitments and requisitions (AP invoices with job lines)

            let ledger = try cycle.openLedger()
            let (projectID, project) = try #require(config.mapping.projects.sorted { $0.key < $1.key }.first)
            let job = try #require(project.jobNo)
            let codes = try MappingSources.costCodeUses(ledger: ledger).filter { $0.projectID == projectID }.map(\.costCode)
            let (labor, material) = (try #require(codes.first), try #require(codes.dropFirst().first))
            let vendor = try #require(try await cycle.makeAgent().allVendors().first { $0.apDivisionNo == "00" })

            // Payroll, an AP invoice with two job lines, both keyed in Sage; a cost on a job Procore lacks.
            try await env.agent.keyJobCost(SageJobCostEntry(jobNo: job, costCode: labor, costType: "L", transactionDate: "20261204",
                                                            amount: "1234.56", reference: "Crew 4 week 49"))
            let keyed = try await env.agent.keyInSage(.apInvoices, record: .object([
                "APDivisionNo": .string(vendor.apDivisionNo), "VendorNo": .string(vendor.vendorNo), "InvoiceNo": "SAGE-501",
                "InvoiceDate": "20261203", "InvoiceAmt": "800.10", "TermsCode": "30",
                "lines": .array([
                    .object(["AccountKey": "510001000", "DistributionAmt": "500.00", "JobNo": .string(job), "CostCode": .string(material), "CostType": "M"]),
                    .object(["AccountKey": "510001000", "DistributionAmt": "300.10", "JobNo": .string(job), "CostCode": .string(labor), "CostType": "M"]),
                ]),
            ]))
            #expect(keyed.status == .posted, "\(keyed.messages)")
            try await env.agent.keyJobCost(SageJobCostEntry(jobNo: "ZZ999", costCode: labor, costType: "L", transactionDate: "20261204",
                                                            sourceJournal: "JC", amount: "75.00"))
            let fromProcore = try await cycle.makeAgent().jobCosts(updatedSince: nil).filter { $0.idempotencyKey != nil }
            #expect(!fromProcore.isEmpty, "the connector posted invoices with job lines")

            let first = try #require(try await cycle.referenceExchange().jobCosts)
            #expect(first.sent.count == 3 && first.sent.amount == Money(Decimal(string: "2034.66")!), "\(first.line)")
            #expect(first.cameFromProcore.count == fromProcore.count, "nothing that came from Procore is sent back")
            #expect(first.refused.count == 1 && first.refused[0].message.contains("job ZZ999 is not a Procore project"))

            let client = ProcoreSandboxHarness.makeClient(env.procore)
            let synced = Mutex<[DirectCost]>([])
            try await client.list(.directCosts, projectID: projectID, updatedBetween: nil) { page in
                let costs = try page.records.map { try $0.decode(DirectCost.self, resource: "direct_costs") }.filter { $0.originID != nil }
                synced.withLock { $0 += costs }
            }
            let costs = synced.withLock { $0 }.sorted { ($0.originID ?? "") < ($1.originID ?? "") }
            let invoiceKey = SageDocumentKey.apInvoice(division: vendor.apDivisionNo, vendorNo: vendor.vendorNo, invoiceNo: "SAGE-501")
            #expect(costs.map(\.originID) == [invoiceKey, "JC-000001"], "one direct cost per Sage document")
            #expect(costs.first?.amount == Decimal(string: "800.1") && costs.last?.amount == Decimal(string: "1234.56"))
            #expect(costs.last?.directCostType == "payroll")
            #expect(costs.first?.invoiceNumber == "SAGE-501" || costs.first?.directCostType == "expense")

            // Again, reading nothing older than now: nothing new; the job Procore lacks is still
            // named, sent again from the ledger (the read no longer reaches back to it).
            try ledger.setPipelineValue(DirectCostExchange.positionKey, "29991231")
            let second = try #require(try await cycle.referenceExchange().jobCosts)
            #expect(second.read == 0, "\(second.line)")
            #expect(second.sent.count == 0 && second.updated.count == 0 && second.uncertain.isEmpty, "\(second.line)")
            #expect(second.refused.map(\.sageKey) == first.refused.map(\.sageKey))
            let again = Mutex<Int>(0)
            try await client.list(.directCosts, projectID: projectID, updatedBetween: nil) { page in
                let n = try page.records.map { try $0.decode(DirectCost.self, resource: "direct_costs") }.filter { $0.originID != nil }.count
                again.withLock { $0 += n }
            }
            #expect(again.withLock { $0 } == 2)
        }
    }
}
