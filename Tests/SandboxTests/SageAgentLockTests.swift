import Foundation
import HTTP
import Sage100
import Sandbox
import Testing

@Suite("Sage agent simulator: locks, latency, dropped connections")
struct SageAgentLockTests {
    @Test func lockRateOneAnswersLockedAndWritesNothing() async throws {
        try await SageAgentHarness.with(.init(lockRate: 1.0, apiKey: SageAgentHarness.apiKey)) { h in
            let records = (1...5).map { ImportRecord(idempotencyKey: "l-\($0)", record: SageSamples.invoice("INV-\($0)")) }
            let results = try await h.importRecords("ap-invoices", records)
            #expect(results.allSatisfy { $0.status == .locked && $0.sageKey == nil })
            #expect(results.allSatisfy { $0.messages.first?.message.hasPrefix("Record/file busy") == true })
            #expect(try h.simulator.postings().isEmpty)
            let stats = h.simulator.stats()
            #expect(stats.locksInjected == 5 && stats.writes == 0)
        }
    }

    @Test func seededLockRateIsRepeatableAndPartial() async throws {
        func lockedKeys() async throws -> [String] {
            try await SageAgentHarness.with(.init(seed: 42, lockRate: 0.3, apiKey: SageAgentHarness.apiKey)) { h in
                let records = (1...40).map { ImportRecord(idempotencyKey: "s-\($0)", record: SageSamples.invoice("I\($0)")) }
                let results = try await h.importRecords("ap-invoices", records)
                #expect(h.simulator.stats().writes + h.simulator.stats().locksInjected == 40)
                return results.filter { $0.status == .locked }.map(\.idempotencyKey)
            }
        }
        let first = try await lockedKeys()
        let second = try await lockedKeys()
        #expect(first == second, "same seed, same locks")
        #expect(first.count > 0 && first.count < 40)
    }

    @Test func moduleLockAnswers423WithRetryAfter() async throws {
        let config = SageAgentSimulatorConfiguration(moduleLockEvery: .seconds(2), moduleLockDuration: .seconds(20),
                                                     apiKey: SageAgentHarness.apiKey)
        try await SageAgentHarness.with(config) { h in
            // The first period is free: a write goes through. (The schedule started before
            // `started`, so the lock begins no later than started + 2 s.)
            let started = ContinuousClock.now
            let early = try await h.postImport("ap-invoices", records: [
                ImportRecord(idempotencyKey: "m0", record: SageSamples.invoice("INV-0")),
            ])
            if ContinuousClock.now - started < .milliseconds(1800) {
                #expect(early.status == 200, "a write in the free period goes through")
            }
            try await Task.sleep(until: started + .milliseconds(2300))
            let response = try await h.postImport("ap-invoices", records: [
                ImportRecord(idempotencyKey: "m1", record: SageSamples.invoice("INV-1")),
            ])
            #expect(response.status == 423)
            let retryAfter = try #require(response.headers["Retry-After"].flatMap { Int($0) })
            #expect((1...20).contains(retryAfter))
            let detail = try h.errorBody(response)
            #expect(detail.code == "module_locked")
            #expect(detail.hint?.contains("\(retryAfter) seconds") == true)
            #expect(try h.simulator.postings().map(\.idempotencyKey) == ["m0"])
            #expect(h.simulator.stats().moduleLocks == 1)
        }
    }

    @Test func lockModuleHookLocksThenFrees() async throws {
        try await SageAgentHarness.with { h in
            // Long enough that the first request lands inside the lock even on a loaded machine.
            let lockedAt = ContinuousClock.now
            h.simulator.lockModule(for: .seconds(3))
            let locked = try await h.postImport("gl-entries", records: [ImportRecord(idempotencyKey: "j", record: SageSamples.journal())])
            #expect(locked.status == 423)
            #expect(try h.errorBody(locked).message.contains("G/L"))
            try await Task.sleep(until: lockedAt + .milliseconds(3200))
            let free = try await h.importRecords("gl-entries", [ImportRecord(idempotencyKey: "j", record: SageSamples.journal())])
            #expect(free.first?.status == .posted)
        }
    }

    @Test func droppedConnectionAfterCommitIsSettledThroughPostings() async throws {
        try await SageAgentHarness.with { h in
            h.simulator.dropConnectionAfterCommit(count: 1)
            var thrown: (any Error)?
            do {
                _ = try await h.postImport("ap-invoices", records: [ImportRecord(idempotencyKey: "u1", record: SageSamples.invoice("INV-U"))])
            } catch {
                thrown = error
            }
            let transport = try #require(thrown as? HTTPError, "the client must see a transport failure, got \(String(describing: thrown))")
            #expect(transport.outcomeUnknown)
            // The record was committed: /postings settles it.
            let lookup = try h.decode(PostingLookup.self, try await h.get("/v1/companies/ABC/postings?idempotency_key=u1"))
            #expect(lookup.found && lookup.sageKey == "00-0001000-INV-U")
            #expect(h.simulator.stats().droppedConnections == 1)
            // Only the next import was dropped; a resend is answered normally, as a duplicate.
            let again = try await h.importRecords("ap-invoices", [ImportRecord(idempotencyKey: "u1", record: SageSamples.invoice("INV-U"))])
            #expect(again.first?.status == .duplicate)
            #expect(try h.simulator.postings().count == 1)
        }
    }

    @Test func writesOfOneCompanyAreSerialisedWithLatency() async throws {
        let config = SageAgentSimulatorConfiguration(writeLatency: .milliseconds(60), apiKey: SageAgentHarness.apiKey)
        try await SageAgentHarness.with(config) { h in
            let clock = ContinuousClock()
            let start = clock.now
            try await withThrowingTaskGroup(of: [RecordResult].self) { group in
                for batch in 0..<2 {
                    group.addTask {
                        try await h.importRecords("ap-invoices", batch: "B\(batch)", (0..<3).map {
                            ImportRecord(idempotencyKey: "w\(batch)-\($0)", record: SageSamples.invoice("W\(batch)-\($0)"))
                        })
                    }
                }
                for try await results in group { #expect(results.allSatisfy { $0.status == .posted }) }
            }
            let elapsed = clock.now - start
            // 6 writes at 60 ms each, one writer at a time: at least the serial floor.
            #expect(elapsed >= .milliseconds(360), "elapsed \(elapsed)")
            // Each batch's records are contiguous in posting order (no interleaving).
            let batches = try h.simulator.postings().map(\.batchID)
            #expect(batches == ["B0", "B0", "B0", "B1", "B1", "B1"] || batches == ["B1", "B1", "B1", "B0", "B0", "B0"])
        }
    }
}
