import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// A post stopped dead at its durable points (the checkpoint hook throws, so nothing more is
/// written, as with SIGKILL) and started again, over and over: every record ends posted, and
/// the simulator holds each idempotency key exactly once.
@Suite("Post: killed and restarted", .serialized)
struct PostCrashTests {
    struct SimulatedKill: Error, CustomStringConvertible {
        let at: PostCheckpoint
        var description: String { "simulated kill at \(at)" }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        private var killed: [PostCheckpoint] = []
        func next() -> Int { lock.withLock { value += 1; return value } }
        func noteKill(_ at: PostCheckpoint) { lock.withLock { killed.append(at) } }
        var kills: [PostCheckpoint] { lock.withLock { killed } }
    }

    static func name(_ point: PostCheckpoint) -> String {
        switch point {
        case .recovered: return "recovered"
        case .settled: return "settled"
        case .markedPosting: return "markedPosting"
        case .answered: return "answered"
        case .recorded: return "recorded"
        case .batchFinished: return "batchFinished"
        }
    }

    @Test("killed at varying checkpoints and run again until done: exactly once, nothing left uncertain")
    func killAndRestart() async throws {
        let h = try await PostHarness(lockRate: 0.2, seed: 11, maxRecordsPerRequest: 3)
        defer { Task { await h.shutdown() } }
        let vendors = try h.makeBatch(.vendors, [PostHarness.vendor(901, number: "0009901"),
                                                 PostHarness.vendor(902, number: "0009902")])
        var documents = try (1...22).map { try PostHarness.invoice(Int64(9000 + $0)) }
        documents.append(try PostHarness.invoice(9101, vendor: "0009901"))
        documents.append(try PostHarness.invoice(9102, vendor: "0009902"))
        let invoices = try h.makeBatch(.apInvoices, documents)
        let allIDs = vendors.recordIDs + invoices.recordIDs

        // Each run is killed at the n-th checkpoint of one kind; the plans cover every durable point.
        let plans: [(String, Int)] = [("answered", 1), ("settled", 1), ("markedPosting", 1), ("settled", 2),
                                      ("answered", 2), ("settled", 1), ("recorded", 1), ("answered", 1),
                                      ("markedPosting", 2), ("recovered", 1), ("answered", 1), ("batchFinished", 1),
                                      ("answered", 1)]
        let log = Counter()
        for (name, occurrence) in plans {
            let counter = Counter()
            let summary = try await h.poster(chunkSize: 3, checkpoint: { point in
                guard Self.name(point) == name, counter.next() == occurrence else { return }
                log.noteKill(point)
                throw SimulatedKill(at: point)
            }).run()
            if let stopped = summary.stopped {
                #expect(stopped.contains("simulated kill"), "only the simulated kills stop a run: \(stopped)")
            }
        }
        let last = try await h.poster().run()
        #expect(last.stopped == nil)
        #expect(last.exitCode == 0)

        let kills = log.kills
        #expect(kills.contains { if case .answered = $0 { return true } else { return false } },
                "some kill fell after Sage wrote and before the ledger knew")
        #expect(kills.contains { if case .markedPosting = $0 { return true } else { return false } },
                "some kill fell after records were marked posting and before the request went out")
        #expect(kills.contains { if case .settled = $0 { return true } else { return false } },
                "some kill fell in the middle of settling")
        #expect(kills.contains { if case .recorded = $0 { return true } else { return false } },
                "some kill fell right after answers were recorded")
        #expect(kills.count >= 8)

        let keys = try h.postedKeys()
        #expect(keys.count == allIDs.count)
        #expect(keys.values.allSatisfy { $0 == 1 }, "no idempotency key posted twice: \(keys.filter { $0.value > 1 })")
        for record in try h.records(allIDs) {
            #expect(record.state == .posted)
            #expect(keys[record.idempotencyKey] == 1)
            #expect(try h.ledger.postingAttempts(recordID: record.id).allSatisfy { $0.finishedAt != nil })
        }
        #expect(try h.ledger.records(in: .posting).isEmpty)
        #expect(try h.ledger.records(in: .uncertain).isEmpty)
        #expect(try h.ledger.postingBatch(id: vendors.batchID)?.state == .posted)
        #expect(try h.ledger.postingBatch(id: invoices.batchID)?.state == .posted)
    }
}
