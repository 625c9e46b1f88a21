import Connector
import Foundation
import Sage100

/// A ``ReconciliationSource`` that answers from the outbox batches themselves, as if Sage had
/// accepted every document exactly as sent. It lets `bench transform` time the reconciler's own
/// work (ledger snapshot, matching, per vendor/job/account totals) without an agent.
/// It is a benchmark stand-in only: it proves nothing about what Sage holds.
public struct OutboxReadBackSource: ReconciliationSource {
    /// Batch folders by batch id.
    public var batchPaths: [String: String]
    public var reference: ReferenceData

    public init(batchPaths: [String: String], reference: ReferenceData) {
        self.batchPaths = batchPaths
        self.reference = reference
    }

    public func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        guard let path = batchPaths[batchID] else { return [] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/" + kind.rawValue + ".json"))
        let request = try JSONDecoder().decode(ImportRequest.self, from: data)
        return try request.records.map { entry in
            let record: any SageRecord
            switch kind {
            case .apInvoices: record = try entry.record.decode(as: APInvoice.self)
            case .purchaseOrders: record = try entry.record.decode(as: PurchaseOrder.self)
            case .purchaseOrderChanges: record = try entry.record.decode(as: PurchaseOrderChange.self)
            case .glEntries: record = try entry.record.decode(as: GLJournalEntry.self)
            case .manualChecks: record = try entry.record.decode(as: APManualCheck.self)
            case .vendors: record = try entry.record.decode(as: APVendor.self)
            case .salesOrders: record = try entry.record.decode(as: SalesOrderDocument.self)
            }
            return AgentPostedDocument(sageKey: record.sageKey, kind: kind.rawValue, batchID: batchID,
                                       idempotencyKey: entry.idempotencyKey, postedAt: "2026-11-29T01:00:00Z",
                                       amount: AgentWire.money(record.controlAmount), record: entry.record)
        }
    }

    public func postingLookup(idempotencyKey: String) async throws -> PostingLookup {
        PostingLookup(found: false)
    }

    public func reconciliationAccounts() async throws -> [GLAccount] { reference.accounts }

    public func reconciliationVendorNames() async throws -> [String: String] {
        Dictionary(reference.vendors.map { ($0.vendorNo, $0.vendorName) }, uniquingKeysWith: { a, _ in a })
    }
}
