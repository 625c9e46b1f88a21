import Foundation
import Testing
@testable import Ledger

@Suite("Ledger runs and cursors")
struct LedgerRunsTests {
    @Test("run ids sort by start time and have the documented shape", arguments: LedgerEngine.available)
    func runIDs(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let first = try temp.ledger.beginRun(kind: "pull", at: Date(timeIntervalSince1970: 1_795_000_000))
        let second = try temp.ledger.beginRun(kind: "pull", at: Date(timeIntervalSince1970: 1_795_000_060))
        #expect(RunIdentifier.isValid(first))
        #expect(first.hasPrefix(Timestamp.string(from: Date(timeIntervalSince1970: 1_795_000_000))
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")))
        #expect(first < second)
        #expect(try temp.ledger.runs(limit: 10).map(\.id) == [second, first])
        #expect(try temp.ledger.runs(limit: 1).map(\.id) == [second])
    }

    @Test("finishing a run stores status and summary; unknown runs are an error", arguments: LedgerEngine.available)
    func finishRun(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let id = try temp.ledger.beginRun(kind: "pull")
        #expect(try temp.ledger.run(id)?.status == .running)
        try temp.ledger.finishRun(id, status: .partial, summaryJSON: #"{"records":{"requisitions":3}}"#)
        let row = try #require(try temp.ledger.run(id))
        #expect(row.status == .partial)
        #expect(row.summaryJSON == #"{"records":{"requisitions":3}}"#)
        #expect(row.finishedAt != nil)
        #expect(throws: LedgerError.runNotFound("20000101T000000Z-0000")) {
            try temp.ledger.finishRun("20000101T000000Z-0000", status: .completed, summaryJSON: nil)
        }
    }

    @Test("runs left running are marked interrupted, except the current one", arguments: LedgerEngine.available)
    func interruptedRuns(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let dead = try temp.ledger.beginRun(kind: "pull")
        let current = try temp.ledger.beginRun(kind: "pull")
        let other = try temp.ledger.beginRun(kind: "post")
        #expect(try temp.ledger.markInterruptedRuns(kind: "pull", except: current) == [dead])
        #expect(try temp.ledger.run(dead)?.status == .interrupted)
        #expect(try temp.ledger.run(current)?.status == .running)
        #expect(try temp.ledger.run(other)?.status == .running)
    }

    @Test("cursors round-trip per resource and scope", arguments: LedgerEngine.available)
    func cursors(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let run = try temp.ledger.beginRun(kind: "pull")
        #expect(try temp.ledger.cursor(resource: "requisitions", scope: "project:1") == nil)
        try temp.ledger.advanceCursor(resource: "requisitions", scope: "project:1", to: "2026-11-29T00:40:00Z", runID: run)
        try temp.ledger.advanceCursor(resource: "requisitions", scope: "project:2", to: "2026-11-28T00:00:00Z", runID: run)
        try temp.ledger.advanceCursor(resource: "requisitions", scope: "project:1", to: "2026-11-29T01:00:00Z", runID: run)
        #expect(try temp.ledger.cursor(resource: "requisitions", scope: "project:1") == "2026-11-29T01:00:00Z")
        #expect(try temp.ledger.cursor(resource: "requisitions", scope: "project:2") == "2026-11-28T00:00:00Z")
        #expect(try temp.ledger.cursor(resource: "vendors", scope: "project:1") == nil)
        #expect(try temp.ledger.cursors()["requisitions"]?.count == 2)
    }

    @Test("content hashes replace per scope, and big ids survive", arguments: LedgerEngine.available)
    func contentHashes(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let big: Int64 = 5_000_000_001
        try temp.ledger.replaceContentHashes(resource: "cost_codes", scope: "project:1", [1: "aa", big: "bb"])
        try temp.ledger.replaceContentHashes(resource: "cost_codes", scope: "project:2", [1: "cc"])
        #expect(try temp.ledger.contentHashes(resource: "cost_codes", scope: "project:1") == [1: "aa", big: "bb"])
        try temp.ledger.replaceContentHashes(resource: "cost_codes", scope: "project:1", [big: "dd"])
        #expect(try temp.ledger.contentHashes(resource: "cost_codes", scope: "project:1") == [big: "dd"])
        #expect(try temp.ledger.contentHashes(resource: "cost_codes", scope: "project:2") == [1: "cc"])
        #expect(try temp.ledger.contentHashes(resource: "cost_codes", scope: "project:1", ids: [big, 7]) == [big: "dd"])
    }

    @Test("a pull commits cursors and hashes only for completed scopes, deduping ids within the run", arguments: LedgerEngine.available)
    func commitPull(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let run = try temp.ledger.beginRun(kind: "pull")
        let fresh = try temp.ledger.notePulled(runID: run, resource: "requisitions", scope: "project:1",
                                               records: [(1, "h1"), (2, "h2")])
        #expect(fresh == [1, 2])
        let again = try temp.ledger.notePulled(runID: run, resource: "requisitions", scope: "project:1",
                                               records: [(2, "h2"), (3, "h3")])
        #expect(again == [3])
        _ = try temp.ledger.notePulled(runID: run, resource: "requisitions", scope: "project:2", records: [(9, "h9")])
        try temp.ledger.replaceContentHashes(resource: "cost_codes", scope: "project:1", [50: "old", 51: "gone"])
        _ = try temp.ledger.notePulled(runID: run, resource: "cost_codes", scope: "project:1", records: [(50, "new")])

        try temp.ledger.commitPull(runID: run, completed: [
            CompletedPullScope(resource: "requisitions", scope: "project:1", updatedThrough: "2026-11-29T00:40:00Z", replaceHashes: false),
            CompletedPullScope(resource: "cost_codes", scope: "project:1", updatedThrough: nil, replaceHashes: true),
        ])
        #expect(try temp.ledger.cursor(resource: "requisitions", scope: "project:1") == "2026-11-29T00:40:00Z")
        #expect(try temp.ledger.cursor(resource: "requisitions", scope: "project:2") == nil)
        #expect(try temp.ledger.contentHashes(resource: "requisitions", scope: "project:1") == [1: "h1", 2: "h2", 3: "h3"])
        #expect(try temp.ledger.contentHashes(resource: "requisitions", scope: "project:2") == [:])
        #expect(try temp.ledger.contentHashes(resource: "cost_codes", scope: "project:1") == [50: "new"])
        // The pending rows of the run are gone: noting again counts as fresh.
        #expect(try temp.ledger.notePulled(runID: run, resource: "requisitions", scope: "project:2", records: [(9, "h9")]) == [9])
    }
}
