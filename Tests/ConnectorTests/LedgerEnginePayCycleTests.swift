@testable import Demo
import Foundation
import Ledger
import Testing
@testable import Connector

/// The ledger's behaviour suite at the size of a pay cycle: the same demo company run on the
/// SQLite file and on PostgreSQL (when `ML_CONNECTOR_TEST_POSTGRES_URL` names a server) must
/// post, hold back, replay and reconcile alike.
@Suite("A pay cycle on each ledger engine", .serialized)
struct LedgerEnginePayCycleTests {
    static let postgresURL = ProcessInfo.processInfo.environment["ML_CONNECTOR_TEST_POSTGRES_URL"]

    enum Engine: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite
        case postgres
        static var available: [Engine] { postgresURL == nil ? [.sqlite] : allCases }
        var testDescription: String { rawValue }

        /// `ledger.url` for a fresh PostgreSQL schema of this test's own; nil for SQLite.
        func ledgerURL() -> String? {
            guard self == .postgres, let base = LedgerEnginePayCycleTests.postgresURL else { return nil }
            let schema = "paycycle_" + UUID().uuidString.prefix(8).lowercased()
            return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        }
    }

    /// What a pay cycle, its correction and its reconciliation came to.
    struct Outcome: Equatable {
        var firstExit: Int32
        var secondExit: Int32
        var posted: Int
        var keys: Set<String>
        var states: [String: Int]
        var reconciled: Bool
        var resolved: Int
        var quietThird: Bool
    }

    static func run(_ engine: Engine) async throws -> Outcome {
        let folder = NSTemporaryDirectory() + "engine-paycycle-\(UUID().uuidString)"
        var options = DemoEnvironment.Options(projects: 2, recordsPerProject: 60, seed: 42)
        options.ledgerURL = engine.ledgerURL()
        let env = try await DemoEnvironment.start(directory: folder, options: options)
        do {
            let config = try env.configuration()
            #expect((config.ledgerURL != nil) == (engine == .postgres))
            let first = await PayCycle(configuration: config).run()
            let sheetPath = (try #require(first.reports.first, "\(engine): \(first.headline)").json as NSString).deletingLastPathComponent + "/fixes.csv"
            let sheet = try String(contentsOfFile: sheetPath, encoding: .utf8)
            let correction = DemoCorrection.fill(sheet: sheet, ledger: try PayCycle(configuration: config).openLedger(),
                                                 unmappedCostCode: DemoData.unmappedCostCode)
            try Data(correction.sheet.utf8).write(to: URL(fileURLWithPath: config.inboxDirectory + "/fixes.csv"))
            let second = await PayCycle(configuration: config).run()
            let third = await PayCycle(configuration: config).run()
            let ledger = try PayCycle(configuration: config).openLedger()
            #expect(ledger.dialect.rawValue == engine.rawValue)
            let postings = try env.agent.postings()
            let states = try ledger.recordCountsByState()
            let outcome = Outcome(
                firstExit: first.exitCode, secondExit: second.exitCode, posted: postings.count,
                keys: Set(try ledger.records(in: .posted, limit: 100_000).map(\.idempotencyKey)),
                states: Dictionary(uniqueKeysWithValues: states.map { ($0.key.rawValue, $0.value) }),
                reconciled: second.reports.allSatisfy(\.reconciled) && !second.reports.isEmpty,
                resolved: second.replay?.fixRows.count ?? -1, quietThird: third.nothingNew)
            #expect(Set(postings.map(\.idempotencyKey)) == outcome.keys, "the agent holds exactly the ledger's posted keys")
            #expect(postings.count == outcome.keys.count, "nothing posted twice")
            await env.stop()
            try? FileManager.default.removeItem(atPath: folder)
            return outcome
        } catch {
            await env.stop()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    @Test("post, hold back, replay the fix sheet and reconcile: the same outcome on every engine")
    func sameOutcome() async throws {
        var outcomes: [Engine: Outcome] = [:]
        for engine in Engine.available {
            let outcome = try await Self.run(engine)
            #expect(outcome.firstExit == 4, "\(engine): the seeded dirt needs a person")
            #expect(outcome.secondExit == 0, "\(engine): the fix sheet clears it")
            #expect(outcome.posted > 20 && outcome.reconciled && outcome.quietThird, "\(engine): \(outcome)")
            #expect(outcome.states["invalid", default: 0] == 0, "\(engine)")
            outcomes[engine] = outcome
        }
        if let sqlite = outcomes[.sqlite], let postgres = outcomes[.postgres] {
            #expect(sqlite == postgres)
        }
        let ci = ProcessInfo.processInfo.environment["CI"] != nil
        #expect(!ci || outcomes[.postgres] != nil, "CI must run this on PostgreSQL too: run it through scripts/test.sh")
    }
}
