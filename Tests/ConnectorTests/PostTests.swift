import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// `post` against the Sage agent simulator over loopback (real libcurl client, real SQLite ledger).
@Suite("Post: outbox batches to the Sage agent", .serialized)
struct PostTests {
    @Test("50 AP invoices at lock rate 0.3 are posted exactly once, and posting again sends nothing")
    func fiftyInvoicesUnderLocks() async throws {
        let h = try await PostHarness(lockRate: 0.3, maxRecordsPerRequest: 20)
        defer { Task { await h.shutdown() } }
        let (batchID, ids) = try h.makeBatch(.apInvoices, try (1...50).map { try PostHarness.invoice(Int64(1000 + $0)) })

        let events = EventLog()
        let summary = try await Poster(ledger: h.ledger, agent: h.agent, options: PostOptions(outboxRoot: h.outbox),
                                       onEvent: { events.append($0) }).run()
        #expect(summary.stopped == nil)
        let seen = events.all
        #expect(seen.filter { if case .recordFinished(_, _, .posted, _) = $0 { return true } else { return false } }.count == 50)
        #expect(seen.contains { if case .batchStarted(batchID, .apInvoices, 50, 0) = $0 { return true } else { return false } })
        #expect(seen.contains { if case .agent(_, .backingOff) = $0 { return true } else { return false } })
        if case .batchFinished(batchID, .posted)? = seen.last {} else { Issue.record("last event: \(String(describing: seen.last))") }
        let stored = try #require(try h.ledger.run(summary.runID)?.summaryJSON)
        let decoded = try JSONDecoder().decode(PostSummary.self, from: Data(stored.utf8))
        #expect(decoded == summary)
        #expect(stored.contains("\"lock_retries\""))
        let kind = try #require(summary.kinds.first)
        #expect(kind.kind == "ap-invoices")
        #expect(kind.posted == 50)
        #expect(kind.rejected == 0 && kind.uncertain == 0 && kind.locked == 0)
        #expect(kind.lockRetries > 0, "lock rate 0.3 must have caused retries")
        #expect(h.simulator.stats().locksInjected > 0)
        #expect(summary.exitCode == 0)

        let keys = try h.postedKeys()
        #expect(keys.count == 50)
        #expect(keys.values.allSatisfy { $0 == 1 }, "every idempotency key posted exactly once")
        for record in try h.records(ids) {
            #expect(record.state == .posted)
            #expect(keys[record.idempotencyKey] == 1)
            #expect(record.targetKey == "00-0001000-R\(record.sourceID)")
            let attempts = try h.ledger.postingAttempts(recordID: record.id)
            #expect(attempts.count == 1)
            #expect(attempts.first?.outcome == "posted")
            #expect(attempts.first?.finishedAt != nil)
            #expect(try h.ledger.sageKey(company: "ABC", resource: "ap-invoices", procoreID: record.sourceID)
                    == "00-0001000-R\(record.sourceID)")
        }
        #expect(try h.ledger.postingBatch(id: batchID)?.state == .posted)

        // A second run finds nothing to do: no new posting, records stay posted.
        let again = try await h.poster().run()
        #expect(again.postedCount == 0)
        #expect(again.batches.isEmpty)
        #expect(try h.postedKeys() == keys)

        // Even forcing the batch back to `ready` sends nothing: its records are final.
        try h.ledger.setBatchState(batchID, to: .ready)
        let forced = try await h.poster().perform([.recover, .settle, .post(batchID: batchID)])
        #expect(forced.batches.first?.sent == 0)
        #expect(try h.postedKeys() == keys)
        #expect(try h.records(ids).allSatisfy { $0.state == .posted })
        #expect(try h.ledger.postingBatch(id: batchID)?.state == .posted)
    }

    @Test("records a crashed run left in `posting` are settled: found ones are not re-sent, missing ones are")
    func crashedRunIsSettled() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let (batchID, ids) = try h.makeBatch(.apInvoices, try (1...6).map { try PostHarness.invoice(Int64(2000 + $0)) })
        let files = try PostBatchFiles.load(batch: try #require(try h.ledger.postingBatch(id: batchID)), kind: .apInvoices,
                                            outboxRoot: h.outbox, verifyManifest: true)
        // The crashed run: every record marked `posting`, the first three reached Sage, then the process died.
        try h.ledger.setBatchState(batchID, to: .posting)
        try h.ledger.beginPosting(recordIDs: ids, batchID: batchID)
        let reached = try h.records(Array(ids.prefix(3))).map { files.records[$0.idempotencyKey]! }
        let direct = try await h.agent.post(kind: .apInvoices, batchID: batchID, records: reached)
        #expect(direct.counts.posted == 3)
        #expect(try h.records(ids).allSatisfy { $0.state == .posting })

        let checkpoints = CheckpointLog()
        let summary = try await h.poster(checkpoint: { checkpoints.append($0) }).run()
        #expect(summary.stopped == nil)
        #expect(summary.recovered == 6)
        #expect(summary.settled == 6)
        #expect(summary.settledFound == 3)
        #expect(summary.kinds.first?.posted == 3, "only the three Sage did not have are sent")
        #expect(summary.kinds.first?.duplicate == 0, "nothing Sage had is sent again")

        let keys = try h.postedKeys()
        #expect(keys.count == 6 && keys.values.allSatisfy { $0 == 1 })
        for (index, record) in try h.records(ids).enumerated() {
            #expect(record.state == .posted)
            let outcomes = try h.ledger.postingAttempts(recordID: record.id).map(\.outcome)
            #expect(outcomes == (index < 3 ? ["interrupted", "settled_posted"] : ["interrupted", "posted"]))
        }
        #expect(try h.ledger.postingBatch(id: batchID)?.state == .posted)
        let seen = checkpoints.all
        #expect(seen.first == .recovered(records: 6))
        #expect(seen.contains(.settled(recordID: ids[0], found: true)))
        #expect(seen.contains(.settled(recordID: ids[5], found: false)))
        #expect(seen.last == .batchFinished(batchID: batchID, state: "posted"))
    }

    @Test("a connection dropped after Sage committed is settled through /postings, not posted twice")
    func droppedConnectionIsSettled() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let (_, ids) = try h.makeBatch(.apInvoices, try (1...8).map { try PostHarness.invoice(Int64(3000 + $0)) })
        h.simulator.dropConnectionAfterCommit(count: 1)
        let summary = try await h.poster(chunkSize: 4).run()
        #expect(summary.stopped == nil)
        #expect(h.simulator.stats().droppedConnections == 1)
        #expect(summary.settled >= 1)
        let keys = try h.postedKeys()
        #expect(keys.count == 8 && keys.values.allSatisfy { $0 == 1 })
        #expect(try h.records(ids).allSatisfy { $0.state == .posted })
    }

    @Test("a whole-module lock (423) is waited out, then the batch posts")
    func moduleLockIsWaitedOut() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let (_, ids) = try h.makeBatch(.apInvoices, try (1...3).map { try PostHarness.invoice(Int64(3500 + $0)) })
        h.simulator.lockModule(forNextImports: 1)
        let summary = try await h.poster().run()
        #expect(summary.stopped == nil)
        #expect((summary.kinds.first?.moduleLockWaits ?? 0) >= 1)
        #expect(h.simulator.stats().moduleLocks >= 1)
        #expect(try h.records(ids).allSatisfy { $0.state == .posted })
        #expect(try h.postedKeys().count == 3)
    }

    @Test("a module lock that outlasts the wait, with nothing written, puts the records back in their batch (never uncertain); the next post sends them once")
    func moduleLockBeyondTheWaitLeavesRecordsBatched() async throws {
        let h = try await PostHarness(moduleLockMaxWait: .zero)
        defer { Task { await h.shutdown() } }
        let (batchID, ids) = try h.makeBatch(.apInvoices, try (1...3).map { try PostHarness.invoice(Int64(3600 + $0)) })
        h.simulator.lockModule(for: .seconds(3600))
        let stopped = try await h.poster().run()
        #expect(stopped.stopped != nil)
        #expect(stopped.uncertain.isEmpty, "\(stopped.uncertain)")
        #expect(stopped.waiting.count == 3)
        #expect(try h.records(ids).allSatisfy { $0.state == .batched })
        #expect(try h.ledger.records(in: .uncertain).isEmpty)
        #expect(try h.postedKeys().isEmpty)

        h.simulator.lockModule(for: .zero)
        let summary = try await h.poster().run()
        #expect(summary.stopped == nil && summary.settled == 0, "nothing to ask the agent about: it wrote nothing")
        #expect(try h.records(ids).allSatisfy { $0.state == .posted })
        let keys = try h.postedKeys()
        #expect(keys.count == 3 && keys.values.allSatisfy { $0 == 1 })
        #expect(try h.ledger.postingBatch(id: batchID)?.state == .posted)
    }

    @Test("a rejected record carries Sage's message naming the field, and the fix")
    func rejectionNamesField() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        // 5100-04-00 is inactive in the seeded company; the other invoice is fine.
        let (batchID, ids) = try h.makeBatch(.apInvoices, [try PostHarness.invoice(4001, account: "510004000"),
                                                          try PostHarness.invoice(4002)])
        let summary = try await h.poster().run()
        #expect(summary.kinds.first?.rejected == 1)
        #expect(summary.kinds.first?.posted == 1)
        #expect(summary.exitCode == 4)
        let rejected = try #require(summary.rejected.first)
        #expect(rejected.recordID == ids[0])
        #expect(rejected.reasons.contains { $0.contains("AccountKey") && $0.contains("Fix:") && $0.contains("requisitions 4001") })

        let record = try #require(try h.ledger.record(id: ids[0]))
        #expect(record.state == .rejected)
        #expect(record.errors.contains { $0.contains("rejected field lines[1].AccountKey") && $0.contains("cost-code mapping") })
        #expect(try h.ledger.postingAttempts(recordID: ids[0]).last?.outcome == "rejected")
        #expect(try h.ledger.record(id: ids[1])?.state == .posted)
        #expect(try h.ledger.postingBatch(id: batchID)?.state == .partial)
        #expect(try h.postedKeys().keys.sorted() == ["ABC:ap-invoices:requisitions:4002"])

        // The next run sends nothing and does not report the partial batch again: the rejected
        // record waits for a correction.
        let again = try await h.poster().run()
        #expect(again.batches.isEmpty && again.rejected.isEmpty)
        #expect(try h.ledger.record(id: ids[0])?.state == .rejected)
        #expect(try h.postedKeys().count == 1)
    }

    @Test("an invoice for a vendor not yet in Sage waits in `batched` until the vendor is posted")
    func invoiceWaitsForVendor() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let vendors = try h.makeBatch(.vendors, [PostHarness.vendor(77, number: "0009077")], approval: "pending_approval")
        let invoices = try h.makeBatch(.apInvoices, [try PostHarness.invoice(5001, vendor: "0009077"),
                                                     try PostHarness.invoice(5002)],
                                       needs: [0: [BatchCommit.Prerequisite(idempotencyKey: "ABC:vendors:vendors:77", what: "vendor")]])

        let first = try await h.poster().run()
        #expect(first.kinds.first { $0.kind == "ap-invoices" }?.posted == 1)
        #expect(first.kinds.first { $0.kind == "ap-invoices" }?.waiting == 1)
        let waiting = try #require(first.waiting.first)
        #expect(waiting.recordID == invoices.recordIDs[0])
        #expect(waiting.reasons.contains { $0.contains("vendor ABC:vendors:vendors:77") && $0.contains("pending_approval") }, "\(waiting.reasons)")
        #expect(try h.ledger.record(id: invoices.recordIDs[0])?.state == .batched)
        #expect(try h.ledger.postingBatch(id: invoices.batchID)?.state == .partial)
        #expect(try h.ledger.audit(subject: "record:\(invoices.recordIDs[0])").contains { $0.action == "record.waiting" })
        #expect(try h.postedKeys().keys.contains("ABC:ap-invoices:requisitions:5001") == false)

        try Approvals(ledger: h.ledger).approve(batch: vendors.batchID, by: "Dana Ortiz")
        let second = try await h.poster().run()
        #expect(second.stopped == nil)
        #expect(second.batches.map(\.kind) == ["vendors", "ap-invoices"], "vendors go first")
        #expect(second.waiting.isEmpty)
        #expect(try h.ledger.record(id: vendors.recordIDs[0])?.state == .posted)
        #expect(try h.ledger.record(id: invoices.recordIDs[0])?.state == .posted)
        #expect(try h.ledger.postingBatch(id: invoices.batchID)?.state == .posted)
        let keys = try h.postedKeys()
        #expect(keys.count == 3 && keys.values.allSatisfy { $0 == 1 })
    }

    @Test("a batch file changed after the transform is not sent")
    func tamperedBatchIsRefused() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let (batchID, ids) = try h.makeBatch(.apInvoices, [try PostHarness.invoice(6001)])
        let path = try #require(try h.ledger.postingBatch(id: batchID)?.path) + "/ap-invoices.json"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "900.25", with: "9900.25")
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let summary = try await h.poster().run()
        #expect(summary.skipped.count == 1)
        #expect(summary.skipped.first?.reason.contains("sha256") == true)
        #expect(summary.exitCode == 4)
        #expect(try h.postedKeys().isEmpty)
        #expect(try h.ledger.record(id: ids[0])?.state == .batched)
    }

    @Test("when the agent cannot settle uncertain records, nothing is sent and the run stops")
    func unsettledStopsEverything() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let crashed = try h.makeBatch(.apInvoices, [try PostHarness.invoice(7001)])
        try h.ledger.beginPosting(recordIDs: crashed.recordIDs, batchID: crashed.batchID)
        let fresh = try h.makeBatch(.apInvoices, [try PostHarness.invoice(7002)], suffix: "-b")
        await h.simulator.stop()

        let summary = try await h.poster().run()
        #expect(summary.stopped?.contains("Nothing was sent") == true || summary.stopped?.contains("nothing was sent") == true)
        #expect(summary.exitCode == 1)
        #expect(try h.ledger.record(id: crashed.recordIDs[0])?.state == .uncertain)
        #expect(try h.ledger.record(id: fresh.recordIDs[0])?.state == .batched, "nothing sent before settling")
        #expect(try h.ledger.runs(limit: 1).first?.status == .failed)
    }

    @Test("two posts never run at once")
    func postLockIsExclusive() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postlock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try PostLock.acquire(ledgerPath: directory + "/ledger.sqlite")
        #expect(throws: PostError.self) { _ = try PostLock.acquire(ledgerPath: directory + "/ledger.sqlite") }
        withExtendedLifetime(first) {}
    }
}

/// Events seen by a post, in order.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [PostEvent] = []
    func append(_ item: PostEvent) { lock.withLock { items.append(item) } }
    var all: [PostEvent] { lock.withLock { items } }
}

/// Checkpoints seen by a post, in order.
final class CheckpointLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [PostCheckpoint] = []
    func append(_ item: PostCheckpoint) { lock.withLock { items.append(item) } }
    var all: [PostCheckpoint] { lock.withLock { items } }
}
