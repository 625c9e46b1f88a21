import Foundation
import Ledger
@testable import Connector

/// A workspace for replay and status tests: a real SQLite ledger, `inbox/`, `staging/` and a
/// cost-code table in a fresh temporary folder, removed when the test ends.
final class ReplayFixture: @unchecked Sendable {
    let root: String
    let inbox: String
    let staging: String
    let table: String
    let ledger: Ledger

    init(table tableText: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)").path
        inbox = root + "/inbox"
        staging = root + "/staging"
        table = root + "/cost-codes.csv"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        ledger = try Ledger.open(path: root + "/ml-connector.sqlite")
        if let tableText { try Data(tableText.utf8).write(to: URL(fileURLWithPath: table)) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func options(maxFileBytes: Int = 1024 * 1024) -> InboxOptions {
        InboxOptions(inboxDirectory: inbox, stagingDirectory: staging, mappingTablePath: table, companyID: 1,
                     maxFileBytes: maxFileBytes)
    }

    func replay(maxFileBytes: Int = 1024 * 1024) throws -> ReplaySummary {
        try InboxProcessor(ledger: ledger, options: options(maxFileBytes: maxFileBytes)).run()
    }

    @discardableResult
    func drop(_ name: String, _ text: String) throws -> String {
        let path = inbox + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }

    func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    func text(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A staged line for a requisition, as the pull writes it.
    static func line(id: Int64, status: String = "approved", total: String = "1250.00",
                     resource: String = "requisitions") -> String {
        "{\"resource\":\"\(resource)\",\"company_id\":1,\"project_id\":7,\"fetched_at\":\"2026-11-29T00:40:00.000Z\","
            + "\"record\":{\"id\":\(id),\"updated_at\":\"2026-11-20T10:00:00Z\",\"status\":\"\(status)\",\"total\":\"\(total)\"},"
            + "\"children\":{}}"
    }

    /// A ledger record for a requisition, moved to `invalid` with `errors`.
    func invalidRecord(id sourceID: Int64, errors: [String], company: String = "ABC") throws -> LedgerRecord {
        let record = try ledger.insertRecord(NewLedgerRecord(
            resource: "requisitions", companyID: 1, projectID: 7, sourceID: sourceID, sourceUpdatedAt: "2026-11-20T10:00:00Z",
            contentSHA256: String(repeating: "a", count: 63) + String(sourceID % 10),
            idempotencyKey: "\(company):ap-invoices:requisitions:\(sourceID)"))
        return try ledger.settleValidation(recordID: record.id, valid: false, reasons: errors, runID: nil)
    }

    /// A valid record for a requisition.
    func validRecord(id sourceID: Int64, sha: String? = nil) throws -> LedgerRecord {
        let record = try ledger.insertRecord(NewLedgerRecord(
            resource: "requisitions", companyID: 1, projectID: 7, sourceID: sourceID, sourceUpdatedAt: "2026-11-20T10:00:00Z",
            contentSHA256: sha ?? (String(repeating: "b", count: 60) + String(format: "%04d", sourceID % 10000)),
            idempotencyKey: "ABC:ap-invoices:requisitions:\(sourceID)"))
        return try ledger.settleValidation(recordID: record.id, valid: true, reasons: [], runID: nil)
    }

    /// Puts valid records into a new batch (`batched`).
    func batch(_ ids: [Int64], name: String, state: LedgerBatchState = .ready) throws -> String {
        let run = try ledger.beginRun(kind: "transform")
        let batchID = "\(run)-\(name)"
        try ledger.commitBatch(BatchCommit(batchID: batchID, runID: run, kind: "ap-invoices", company: "ABC", state: state,
                                           path: root + "/outbox/" + batchID, controlTotal: "1250.00",
                                           records: ids.map { ($0, nil) }, identities: [], amounts: [:]))
        return batchID
    }

    /// Sends a batched record and records the agent's answer.
    func post(_ id: Int64, batchID: String, state: RecordState, key: String? = nil, error: String? = nil,
              outcome: String) throws {
        let attempts = try ledger.beginPosting(recordIDs: [id], batchID: batchID)
        try ledger.finishPosting([PostingResult(recordID: id, attemptID: attempts[id], state: state, targetKey: key,
                                                errors: error.map { [$0] } ?? [], outcome: outcome, message: error ?? outcome)])
    }
}
