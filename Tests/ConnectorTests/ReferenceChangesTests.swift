import Foundation
import JSON
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// Counts what the agent sends: the reference poll of `serve` must cost what changed in Sage.
private actor CountingAgent: SageAgent {
    let inner: LocalSageAgent
    private(set) var vendorsSent = 0
    private(set) var accountsSent = 0
    private(set) var sinceAsked: [String] = []
    init(_ inner: LocalSageAgent) { self.inner = inner }
    nonisolated var companyCode: String { inner.companyCode }
    nonisolated var maxRecordsPerRequest: Int { inner.maxRecordsPerRequest }
    func status() async throws -> AgentStatus { try await inner.status() }
    func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
              onEvent: (@Sendable (SageAgentEvent) -> Void)?) async throws -> SagePostOutcome {
        try await inner.post(kind: kind, batchID: batchID, records: records, onEvent: onEvent)
    }
    func posting(idempotencyKey: String) async throws -> PostingLookup { try await inner.posting(idempotencyKey: idempotencyKey) }
    func vendors(updatedSince: SageUpdatedSince?) async throws -> [APVendor] {
        let items = try await inner.vendors(updatedSince: updatedSince)
        vendorsSent += items.count
        sinceAsked.append(updatedSince?.description ?? "all")
        return items
    }
    func glAccounts(updatedSince: SageUpdatedSince?) async throws -> [GLAccount] {
        let items = try await inner.glAccounts(updatedSince: updatedSince)
        accountsSent += items.count
        return items
    }
    func accountStructureDetails() async throws -> AgentAccountStructure { try await inner.accountStructureDetails() }
    func postedDocuments(_ kind: SageDocumentKind, batch: String?) async throws -> [AgentPostedDocument] {
        try await inner.postedDocuments(kind, batch: batch)
    }
    func jobDocuments(jobNo: String) async throws -> [AgentPostedDocument] { try await inner.jobDocuments(jobNo: jobNo) }
    func checkPayments(updatedSince: SageUpdatedSince?) async throws -> [AgentCheckPayment] {
        try await inner.checkPayments(updatedSince: updatedSince)
    }
    func jobCosts(updatedSince: SageUpdatedSince?) async throws -> [AgentJobCost] { try await inner.jobCosts(updatedSince: updatedSince) }
    func ebusiness(envelope: [UInt8], soapAction: String?) async throws -> [UInt8] {
        try await inner.ebusiness(envelope: envelope, soapAction: soapAction)
    }
}

@Suite("Reference data: polling Sage for what changed")
struct ReferenceChangesTests {
    @Test("the first poll reads everything; later polls read only what Sage stamped since, and the merged cache equals a full read")
    func changesOnly() async throws {
        let ledger = try Ledger.inMemory()
        let local = try LocalSageAgent()
        let agent = CountingAgent(local)
        let allVendors = try await local.allVendors().count
        #expect(allVendors > 3)

        let first = try await ReferenceData.refreshChanges(using: agent, ledger: ledger, company: "ABC")
        #expect(first.since == nil && first.vendorsRead == allVendors, "no cache yet: everything is read")

        /// Adds a vendor in Sage once Sage's clock has moved past every earlier stamp (the seed
        /// stamps all its records at one instant).
        func addVendor(_ number: String, _ name: String) async throws {
            let now = try await local.status().serverTime
            while try await local.status().serverTime == now { try await Task.sleep(for: .milliseconds(20)) }
            let added = try await local.post(kind: .vendors, batchID: "ref-\(number)", records: [ImportRecord(
                idempotencyKey: "ref-changes-\(number)",
                record: ["APDivisionNo": "00", "VendorNo": .string(number), "VendorName": .string(name),
                         "City": "Portland", "State": "OR", "ZipCode": "97201", "TermsCode": "30"])], onEvent: nil)
            #expect(added.records.first?.status == .posted, "\(added)")
        }

        // A vendor added in Sage: the next poll brings it in; the cache is what a full read gives.
        try await addVendor("0099001", "Harbor Crane Rental")
        let second = try await ReferenceData.refreshChanges(using: agent, ledger: ledger, company: "ABC")
        #expect(second.since != nil)
        #expect(second.data.vendors.contains { $0.vendorNo == "0099001" })
        #expect(second.data.vendors == (try await local.allVendors()), "the merged cache is exactly a full read, in the agent's order")

        // Nothing new: the poll asks from the newest stamp and reads only the record stamped then.
        let quiet = try await ReferenceData.refreshChanges(using: agent, ledger: ledger, company: "ABC")
        #expect(quiet.vendorsRead == 1, "a poll with nothing new reads the boundary record only, not \(quiet.vendorsRead) of \(allVendors + 1)")
        #expect(quiet.data.vendors == second.data.vendors && quiet.data.accounts == first.data.accounts)

        // Another vendor: read with the boundary one, merged in.
        try await addVendor("0099002", "Cascade Survey Group")
        let third = try await ReferenceData.refreshChanges(using: agent, ledger: ledger, company: "ABC")
        #expect(third.vendorsRead == 2)
        let full = try await local.allVendors()
        #expect(third.data.vendors == full && full.count == allVendors + 2)
        let cached = try ReferenceData.load(from: ledger, company: "ABC")
        #expect(cached.vendors == full && cached.accounts == first.data.accounts, "the ledger's cache holds the merged lists")
    }
}
