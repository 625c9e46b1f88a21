import Demo
import Foundation
import Ledger
import Sage100
import Testing
@testable import Connector

/// The same Procore data gives the same batches, Sage keys and files in every folder and after
/// every pull, whatever order the pull's concurrent requests finished in.
@Suite("Determinism: two pulls of one sandbox into fresh folders transform alike", .serialized)
struct DeterminismTests {
    /// What one folder's transform made, with the run ids taken out of the batch names.
    struct Outcome: Equatable {
        /// `<kind>[-n]` -> the records' idempotency keys and Sage keys, in the batch's order.
        var batches: [String: [String]]
        /// Idempotency key -> the document the agent would be sent, as JSON text.
        var documents: [String: String]
        /// Idempotency key -> why the record is invalid.
        var invalid: [String: [String]]
    }

    static func outcome(of config: RunConfiguration) throws -> Outcome {
        let ledger = try Ledger.open(path: config.ledgerPath)
        var outcome = Outcome(batches: [:], documents: [:], invalid: [:])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for batch in try ledger.postingBatches(in: Set(LedgerBatchState.allCases)) {
            guard let run = batch.runID, let kind = SageDocumentKind(rawValue: batch.kind) else { continue }
            let name = String(batch.id.dropFirst(run.count + 1))
            let records = try ledger.postingRecords(batchID: batch.id)
            outcome.batches[name] = records.map { "\($0.idempotencyKey) -> \($0.targetKey ?? "-")" }
            guard kind != .salesOrders else { continue }
            let files = try PostBatchFiles.load(batch: batch, kind: kind, outboxRoot: config.outboxDirectory, verifyManifest: true)
            for (key, record) in files.records {
                outcome.documents[key] = String(decoding: try encoder.encode(record.record), as: UTF8.self)
            }
        }
        for record in try ledger.records(in: .invalid, limit: Int.max) {
            outcome.invalid[record.idempotencyKey] = record.errors
        }
        return outcome
    }

    @Test("4 projects x 150 records (repeated check, invoice and PO numbers): batches, keys and documents equal")
    func twoFoldersAgree() async throws {
        let root = NSTemporaryDirectory() + "determinism-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = try await DemoEnvironment.start(directory: root + "/a", options: .init(projects: 4, recordsPerProject: 150))
        defer { Task { await env.stop() } }
        var outcomes: [Outcome] = []
        for folder in ["a", "b"] {
            var config = try env.configuration()
            let dir = root + "/" + folder
            config.base.ledgerPath = dir + "/ml-connector.sqlite"
            config.base.stagingDirectory = dir + "/staging"
            config.outboxDirectory = dir + "/outbox"
            config.inboxDirectory = dir + "/inbox"
            config.approvalRequired = true   // nothing is posted: both folders see the same Sage
            for sub in ["staging", "outbox", "inbox"] {
                try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
            }
            let summary = await PayCycle(configuration: config).run()
            #expect(summary.exitCode != 1, "\(summary.headline)")
            #expect((summary.post?.postedCount ?? 0) == 0)
            outcomes.append(try Self.outcome(of: config))
        }
        let (a, b) = (outcomes[0], outcomes[1])
        #expect(a.batches.values.reduce(0) { $0 + $1.count } > 100, "the company is big enough to repeat numbers")
        #expect(a.batches.keys.sorted() == b.batches.keys.sorted())
        for name in a.batches.keys.sorted() {
            #expect(a.batches[name] == b.batches[name], "batch \(name) differs")
        }
        #expect(a.documents.count == b.documents.count)
        let differing = a.documents.keys.filter { a.documents[$0] != b.documents[$0] }.sorted()
        #expect(differing.isEmpty, "documents differ: \(differing.prefix(5))")
        #expect(a.invalid == b.invalid)
    }
}
