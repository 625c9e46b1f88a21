import Foundation
import HTTP
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// A Sage agent simulator on a free loopback port, the real agent client over libcurl, a real
/// ledger file and an outbox folder in a temporary directory. Batches are written the way the
/// transform writes them (``OutboxBatchWriter`` + ``Ledger/commitBatch(_:)``).
final class PostHarness: @unchecked Sendable {
    static let apiKey = "post-test-key-91c2"
    let directory: String
    let ledger: Ledger
    let outbox: String
    let inbox: String
    let simulator: SageAgentSimulator
    let agent: SageAgentClient

    init(lockRate: Double = 0, seed: UInt64 = 7, maxRecordsPerRequest: Int = 100,
         moduleLockMaxWait: Duration = .seconds(5)) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("post-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ledger = try Ledger.open(path: directory + "/ledger.sqlite")
        outbox = directory + "/outbox"
        inbox = directory + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        simulator = try SageAgentSimulator(configuration: .init(seed: seed, lockRate: lockRate, apiKey: Self.apiKey,
                                                                databasePath: directory + "/sage.sqlite"))
        try await simulator.start()
        let configuration = try SageAgentConfiguration(
            baseURL: simulator.baseURL, companyCode: "ABC", auth: .apiKey(Secret(Self.apiKey)),
            connectTimeout: .seconds(5), requestTimeout: .seconds(10), importTimeout: .seconds(20),
            lockBackoff: try SageAgentBackoffPolicy(base: .milliseconds(2), cap: .milliseconds(20), maxAttempts: 12),
            moduleLockMaxWait: moduleLockMaxWait, maxRecordsPerRequest: maxRecordsPerRequest)
        agent = SageAgentClient(configuration: configuration, writerLocks: SageCompanyWriterLocks())
    }

    func shutdown() async {
        await simulator.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func poster(chunkSize: Int? = nil, checkpoint: (@Sendable (PostCheckpoint) throws -> Void)? = nil) -> Poster {
        Poster(ledger: ledger, agent: agent, options: PostOptions(outboxRoot: outbox, chunkSize: chunkSize, checkpoint: checkpoint))
    }

    /// A document of a batch: the Procore resource and id it came from and the Sage record.
    struct Document {
        var resource: String
        var sourceID: Int64
        var record: any SageRecord
    }

    /// Writes a batch of `kind` (files + ledger rows, records `batched`) and returns its id and record ids.
    @discardableResult
    /// `needs`: by document position, the idempotency keys of records it must wait for in Sage
    /// (what the transform records for a document whose vendor it creates).
    func makeBatch(_ kind: SageDocumentKind, _ documents: [Document], approval: String = "ready",
                   suffix: String = "", needs: [Int: [BatchCommit.Prerequisite]] = [:]) throws -> (batchID: String, recordIDs: [Int64]) {
        let runID = try ledger.beginRun(kind: "transform")
        var outbox: [OutboxDocument] = []
        var ids: [Int64] = []
        for document in documents {
            let key = "ABC:\(kind.rawValue):\(document.resource):\(document.sourceID)"
            let inserted = try ledger.insertRecord(NewLedgerRecord(
                resource: document.resource, companyID: 1, projectID: 10, sourceID: document.sourceID,
                sourceUpdatedAt: "2026-11-20T10:00:00Z", contentSHA256: String(repeating: "a", count: 48) + String(format: "%016x", document.sourceID),
                runID: runID, idempotencyKey: key))
            try ledger.settleValidation(recordID: inserted.id, valid: true, reasons: [], runID: runID)
            ids.append(inserted.id)
            outbox.append(OutboxDocument(record: document.record, idempotencyKey: key, resource: document.resource,
                                         sourceID: document.sourceID, recordID: inserted.id, sageKey: nil))
        }
        let batchID = "\(runID)-\(kind.rawValue)\(suffix)"
        let written = try OutboxBatchWriter(root: self.outbox).write(
            batchID: batchID, kind: kind, company: "ABC", runID: runID, stagingRun: runID, approval: approval, documents: outbox)
        var commit = BatchCommit(batchID: batchID, runID: runID, kind: kind.rawValue, company: "ABC",
                                 state: try #require(LedgerBatchState(rawValue: approval)),
                                 path: written.folder, controlTotal: written.manifest.controlTotal,
                                 records: ids.map { ($0, nil) }, identities: [], amounts: [:])
        for (position, keys) in needs { commit.prerequisites[ids[position]] = keys }
        try ledger.commitBatch(commit)
        return (batchID, ids)
    }

    /// An AP invoice for requisition `id` (vendor 00-0001000 exists in the simulator's seed).
    static func invoice(_ id: Int64, vendor: String = "0001000", account: String = "510002000") throws -> Document {
        let record = APInvoice(apDivisionNo: "00", vendorNo: vendor, invoiceNo: "R\(id)",
                               invoiceDate: try SageDate(year: 2026, month: 11, day: 15), termsCode: "30",
                               comment: "Pay app \(id)", invoiceAmt: Decimal(string: "900.25")!,
                               lines: [APInvoiceLine(accountKey: account, distributionAmt: Decimal(string: "600.10")!),
                                       APInvoiceLine(accountKey: "510003000", distributionAmt: Decimal(string: "300.15")!)])
        return Document(resource: "requisitions", sourceID: id, record: record)
    }

    static func vendor(_ id: Int64, number: String) -> Document {
        Document(resource: "vendors", sourceID: id,
                 record: APVendor(apDivisionNo: "00", vendorNo: number, vendorName: "New Vendor \(id)", city: "Portland",
                                  state: "OR", zipCode: "97201", termsCode: "30"))
    }

    /// Keys the simulator posted, with how many times each.
    func postedKeys() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for posting in try simulator.postings() { counts[posting.idempotencyKey, default: 0] += 1 }
        return counts
    }

    func records(_ ids: [Int64]) throws -> [LedgerRecord] {
        try ids.map { try #require(try ledger.record(id: $0)) }
    }
}
