import ConnectorTesting
import Foundation
import JSON
import Ledger
import Procore
import Sage100
import Sandbox
import Testing
@testable import Connector

/// Sage 100's vendors into Procore's company directory over loopback: the Procore sandbox's
/// vendors sync, a local Sage agent, a ledger in memory.
@Suite("Vendor exchange: Sage's vendors into Procore's directory")
struct VendorExchangeTests {
    @Test("every Sage vendor ends in Procore once with its key as origin_id; a mapped one is linked; a refused one is reported in Procore's words; a second exchange creates nothing")
    func exchange() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 40)) { h in
            let ledger = try Ledger.inMemory()
            let local = try LocalSageAgent()
            // Keyed in Sage with an email address Procore will not take.
            let keyed = try await local.post(kind: .vendors, batchID: "keyed", records: [ImportRecord(
                idempotencyKey: "keyed-1", record: ["APDivisionNo": "00", "VendorNo": "0099009", "VendorName": "Sloppy Data Rentals",
                                                    "City": "Portland", "State": "OR", "ZipCode": "97201", "TermsCode": "30",
                                                    "EmailAddress": "call the office"])], onEvent: nil)
            #expect(keyed.records.first?.status == .posted)
            let sage = try await local.allVendors()
            // A Procore vendor the connector already maps to Sage vendor 0001005, not yet linked.
            let directory = try await h.client.companyVendors()
            let unlinked = try #require(directory.first { ($0.originID ?? "").isEmpty })
            try ledger.putIdentity(company: "ABC", resource: "vendors", procoreID: unlinked.id, sageKey: "00-0001005")

            let exchange = VendorExchange(ledger: ledger, procore: h.client, company: "ABC", division: "00")
            let first = try await exchange.run(sageVendors: sage)
            #expect(first.refused.map(\.sageKey) == ["00-0099009"], "\(first.refused)")
            #expect(first.refused.first?.message.contains("email_address") == true)
            #expect(first.linked.map(\.sageKey) == ["00-0001005"] && first.linked.first?.procoreID == unlinked.id)
            let division00 = sage.filter { $0.apDivisionNo == "00" }.count
            #expect(first.otherDivisions == sage.count - division00 && first.otherDivisions > 0, "division 01's vendors are left out")
            #expect(first.created.count + first.linked.count + first.refused.count + first.needsPerson.count == division00)
            #expect(!first.created.contains { $0.sageKey.hasPrefix("01-") })

            let after = try await h.client.companyVendors()
            #expect(after.count == directory.count + first.created.count, "one new Procore vendor per created Sage vendor")
            for item in first.created + first.linked {
                let holders = after.filter { $0.originID == item.sageKey }
                #expect(holders.count == 1, "\(item.sageKey) is in Procore once")
                #expect(try ledger.procoreID(company: "ABC", resource: "vendors", sageKey: item.sageKey) == holders.first?.id,
                        "the identity map pairs \(item.sageKey) with its Procore vendor, so a commitment to it maps to it")
            }
            let items = try ledger.exchangeItems(kind: VendorExchange.kind, sageKeys: ["00-0099009", "00-0001005"])
            #expect(items["00-0099009"]?.state == .refused && items["00-0001005"]?.state == .sent)

            // Again: nothing new is created or changed; the refused one is still refused.
            let second = try await exchange.run(sageVendors: sage)
            #expect(second.created.isEmpty && second.linked.isEmpty, "\(second.created) \(second.linked)")
            #expect(second.inStep == first.created.count + first.linked.count)
            #expect(second.refused.map(\.sageKey) == ["00-0099009"])
            #expect(try await h.client.companyVendors().count == after.count)
        }
    }
}
