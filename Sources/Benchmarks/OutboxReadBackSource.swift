import Connector
import Foundation
import Sage100

/// A ``ReconciliationSource`` that answers as if Sage had accepted every document of the
/// outbox batches exactly as sent. It lets `bench transform` time what reconciling costs the
/// connector (reading the agent's answers, the ledger snapshot, matching, per vendor/job/account
/// totals) without an agent.
///
/// ``prepare(batchPaths:reference:answers:)`` plays the agent: before the clock starts it reads
/// each batch file, works out each document's Sage key and control amount as the agent does,
/// and writes the agent's read-back page (`{"items": […], "next_cursor": null}`) for each batch
/// to `answers`. During the timed reconciliation each page is read back from there and parsed
/// the way ``SageAgentClient`` parses the agent's HTTP answer. It is a benchmark stand-in only:
/// it proves nothing about what Sage holds.
public struct OutboxReadBackSource: ReconciliationSource {
    /// Answer pages by batch id and kind.
    let pages: [String: String]
    public var reference: ReferenceData

    /// Writes the agent's read-back page for every batch and kind into `answers`.
    public static func prepare(batchPaths: [String: String], reference: ReferenceData,
                               answers: URL) throws -> OutboxReadBackSource {
        try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
        var pages: [String: String] = [:]
        let encoder = AgentWire.makeEncoder()
        for (batchID, path) in batchPaths {
            for kind in SageDocumentKind.allCases {
                let file = URL(fileURLWithPath: path + "/" + kind.rawValue + ".json")
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                let request = try JSONDecoder().decode(ImportRequest.self, from: Data(contentsOf: file))
                let documents = try request.records.map { entry in
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
                // The page written one document at a time (what `AgentPage` encodes to), so the
                // stand-in's memory stays that of one document, not of the batch's whole answer.
                let answer = answers.appendingPathComponent("\(batchID).\(kind.rawValue).json")
                var page = Data("{\"items\":[".utf8)
                for (index, document) in documents.enumerated() {
                    if index > 0 { page.append(UInt8(ascii: ",")) }
                    page.append(try encoder.encode(document))
                }
                page.append(contentsOf: Data("],\"next_cursor\":null}".utf8))
                try page.write(to: answer)
                pages[key(batchID, kind)] = answer.path
            }
        }
        return OutboxReadBackSource(pages: pages, reference: reference)
    }

    static func key(_ batchID: String, _ kind: SageDocumentKind) -> String { batchID + "|" + kind.rawValue }

    public func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        guard let path = pages[Self.key(batchID, kind)] else { return [] }
        return try AgentPage<AgentPostedDocument>.scanned(Data(contentsOf: URL(fileURLWithPath: path))).items
    }

    public func postingLookup(idempotencyKey: String) async throws -> PostingLookup {
        PostingLookup(found: false)
    }

    public func reconciliationAccounts() async throws -> [GLAccount] { reference.accounts }

    public func reconciliationVendorNames() async throws -> [String: String] {
        Dictionary(reference.vendors.map { ($0.vendorNo, $0.vendorName) }, uniquingKeysWith: { a, _ in a })
    }
}
