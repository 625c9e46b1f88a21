import Connector
import Demo
import Foundation
import JSON
import Ledger
import Money
import Procore
import Sage100
import Sandbox
#if canImport(Glibc)
import Glibc
#endif

/// The crash harness (`ml-connector bench crash`): this executable's own `run`, `replay` of a
/// fix sheet, or `reference` (Sage checks to Procore) is SIGKILLed at seeded random instants
/// against both sandboxes, then run to the end; the outcome is compared with the same work
/// done without a kill. Figures: kills, duplicates, losses, ledger integrity.
public enum CrashBenchmark {
    /// The long-running path killed.
    public enum Path: String, CaseIterable, Sendable {
        /// `ml-connector run`: pull, transform, post, reconcile.
        case run
        /// `ml-connector replay` of a filled fix sheet, then `run` posts what it released.
        case replay
        /// `ml-connector reference` with `payments: sage`: checks written in Sage become Procore payments.
        case reference
        /// `ml-connector serve` handling a webhook burst: change orders, requisitions and pay
        /// apps approved in Procore at once, killed while it pulls and posts them, restarted.
        case serve
    }

    /// Why the harness could not measure (not a finding: findings are figures).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The company the harness runs: enough work that a kill lands mid-way.
    static let options = DemoEnvironment.Options(projects: 4, recordsPerProject: 60, seed: 42, writeLatency: .milliseconds(4))

    /// What one path's kills ended with.
    public struct Figures: Sendable, Codable, Equatable {
        public var path: String
        public var kills: Int
        /// Kills that landed while the path still had work to do (documents or payments not yet
        /// written, the fix sheet not yet taken); the rest hit a run with nothing left.
        public var killsWithWorkLeft: Int
        public var launches: Int
        /// Documents in Sage (run, replay) or contract payments in Procore (reference) at the end.
        public var written: Int
        /// Idempotency keys in Sage more than once, or origin_ids in Procore more than once.
        public var duplicates: Int
        /// Expected at the end (from the same work without a kill) but missing.
        public var lost: Int
        /// Present at the end but not expected.
        public var added: Int
        /// Records not in a final state, ledger and Sage disagreeing, or exchange items still open.
        public var unsettled: Int
        public var integrityOK: Bool
        public var seconds: Double
        /// How long the command takes without a kill: kill instants are drawn within it.
        public var uninterruptedMilliseconds = 0

        /// The figures as the bench table prints them.
        public var report: BenchReport {
            let reference = path == CrashBenchmark.Path.reference.rawValue
            return BenchReport(benchmark: "crash \(path)", parameters: ["kills": String(kills)], figures: [
                BenchFigure("kills", Double(kills), "SIGKILL"),
                BenchFigure("kills with work left", Double(killsWithWorkLeft), "SIGKILL"),
                BenchFigure("uninterrupted duration", Double(uninterruptedMilliseconds), "ms (kill instants drawn within it)"),
                BenchFigure("launches", Double(launches), "companies, one per launch"),
                BenchFigure(reference ? "payments created" : "documents posted", Double(written), "per company, once each"),
                BenchFigure("duplicates", Double(duplicates), reference ? "origin_ids twice in Procore" : "idempotency keys twice in Sage"),
                BenchFigure("lost", Double(lost), "expected, missing"),
                BenchFigure("added", Double(added), "not expected"),
                BenchFigure("unsettled", Double(unsettled), "records/items not final"),
                BenchFigure("ledger integrity ok", integrityOK ? 1 : 0, "1 = PRAGMA integrity_check ok after every kill"),
                BenchFigure("wall time", seconds, "s"),
            ])
        }
    }

    /// Kills `path` `kills` times at instants drawn from `seed`, each time in a fresh company
    /// prepared the same way, finishes it, and compares with the uninterrupted outcome.
    /// `binary` is the ml-connector executable to run (this one when nil).
    ///
    /// Each kill gets its own company because the work is finite: in one company, once a few
    /// killed runs have posted everything, later kills would only hit runs with nothing left to
    /// do. The kill instant is drawn uniformly over the uninterrupted command's own duration.
    public static func run(path: Path, kills: Int, seed: UInt64, binary: String? = nil,
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> Figures {
        let binary = try binary ?? ChildProcess.currentExecutable()
        let clock = ContinuousClock()
        let start = clock.now
        progress?("\(path): the same work without a kill, for the expected outcome and its duration…")
        let tracked = Tracked()
        let (expected, duration) = try await withEnvironment(path) { env in
            try await prepare(path, env, binary: binary)
            let began = clock.now
            if path == .serve {
                let (serve, burst) = try await startServe(env, binary: binary, burst: true)
                // A record of the burst with nothing to post (nothing due) never settles: the
                // ones that do are tracked, and the work lasts until the last of them settled.
                let (settled, last) = try await settleTimed(env, burst, seconds: 30)
                tracked.ids = settled
                guard !tracked.ids.isEmpty else { throw Failure(description: "no record of the webhook burst reached Sage or a person") }
                let took = last - began
                try await stop(serve)
                return (try await outcome(path, env), took)
            }
            let (status, _) = try await complete(arguments(path, env), env, binary: binary)
            let took = clock.now - began
            guard status == 0 || status == 4 else { throw Failure(description: "the uninterrupted \(path) ended \(status)") }
            try await finish(path, env, binary: binary, tracked: tracked.ids)
            return (try await outcome(path, env), took)
        }
        let window = max(5, Int(duration / .milliseconds(1)))
        progress?("\(path): takes \(window) ms uninterrupted; \(kills) SIGKILLs at random instants within it, each in a fresh company…")
        var random = SplitMix64(seed: seed)
        var figures = Figures(path: path.rawValue, kills: 0, killsWithWorkLeft: 0, launches: 0, written: expected.written,
                              duplicates: 0, lost: 0, added: 0, unsettled: 0, integrityOK: true, seconds: 0)
        figures.uninterruptedMilliseconds = window
        while figures.kills < kills && figures.launches < kills * 4 {
            figures.launches += 1
            let delay = Int.random(in: 1...window, using: &random)
            try await withEnvironment(path) { env in
                try await prepare(path, env, binary: binary)
                let process = path == .serve ? try await startServe(env, binary: binary, burst: true).process
                    : try ChildProcess.start(binary, arguments(path, env), environment: env.secrets)
                try await Task.sleep(for: .milliseconds(delay))  // the kill instant itself, drawn from the seed
                guard process.isRunning else {
                    process.waitUntilExit()
                    return
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                figures.kills += 1
                if try await workLeft(path, env, expected: expected.written, tracked: tracked.ids) { figures.killsWithWorkLeft += 1 }
                try await finish(path, env, binary: binary, tracked: tracked.ids)
                let found = try await outcome(path, env)
                figures.duplicates += found.duplicates
                figures.lost += expected.items.subtracting(found.items).count
                figures.added += found.items.subtracting(expected.items).count
                figures.unsettled += found.unsettled
                figures.integrityOK = figures.integrityOK && found.integrityOK
            }
            if figures.kills > 0 && figures.kills % 10 == 0 { progress?("\(figures.kills) of \(kills) killed (\(figures.launches) launched)") }
        }
        guard figures.kills == kills else {
            throw Failure(description: "only \(figures.kills) of \(figures.launches) launches were still running at their kill instant")
        }
        figures.seconds = (clock.now - start) / .seconds(1)
        return figures
    }

    /// What a path ended with: the set compared with the uninterrupted work, and the counts.
    struct Outcome {
        /// "key=state" per live record (run, replay) or origin_id per payment (reference).
        var items: Set<String>
        var written: Int
        var duplicates: Int
        var unsettled: Int
        var integrityOK: Bool
    }

    static func withEnvironment<T>(_ path: Path, _ body: (DemoEnvironment) async throws -> T) async throws -> T {
        let folder = NSTemporaryDirectory() + "ml-connector-crash-\(path)-\(UUID().uuidString)"
        let env = try await DemoEnvironment.start(directory: folder, options: options)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let result = try await body(env)
            await env.stop()
            return result
        } catch {
            await env.stop()
            throw error
        }
    }

    static func arguments(_ path: Path, _ env: DemoEnvironment) -> [String] {
        [path.rawValue, "--config", env.configPath, "--json"]
    }

    /// Runs this ml-connector with `arguments` to its end; returns the exit status and what it printed.
    static func complete(_ arguments: [String], _ env: DemoEnvironment, binary: String) async throws -> (Int32, Data) {
        var environment = env.secrets
        environment["CI"] = "1"
        environment[serveHookVariable] = serveHookSecret
        let (status, output) = try await ChildProcess.run(binary, arguments, environment: environment)
        return (status, output)
    }

    /// The state each path starts from.
    static func prepare(_ path: Path, _ env: DemoEnvironment, binary: String) async throws {
        switch path {
        case .run:
            return
        case .replay:
            // A first pay cycle holds records back; finance fills its fix sheet.
            let (status, output) = try await complete(["run", "--config", env.configPath, "--json"], env, binary: binary)
            guard status == 4, let summary = try? JSONDecoder().decode(PayCycleSummary.self, from: output),
                  let report = summary.reports.last else {
                throw Failure(description: "the first pay cycle should end with records held back (exit 4), it ended \(status)")
            }
            let correction = try env.dropFilledFixSheet(reportJSON: report.json)
            guard !correction.notes.isEmpty else { throw Failure(description: "the fix sheet had no row to fill") }
        case .reference:
            let yaml = try String(contentsOfFile: env.configPath, encoding: .utf8)
            try (yaml + "  payments: sage\n").write(toFile: env.configPath, atomically: true, encoding: .utf8)
            let (status, _) = try await complete(["run", "--config", env.configPath, "--json"], env, binary: binary)
            guard status == 0 || status == 4 else { throw Failure(description: "the first pay cycle ended \(status)") }
            try await keyChecks(env)
        case .serve:
            // Everything posted first; then serve with its hooks registered in Procore.
            let (status, _) = try await complete(["run", "--config", env.configPath, "--json"], env, binary: binary)
            guard status == 0 || status == 4 else { throw Failure(description: "the first pay cycle ended \(status)") }
            let statusPort = try ChildProcess.freeLoopbackPort(), hookPort = try ChildProcess.freeLoopbackPort()
            let yaml = try String(contentsOfFile: env.configPath, encoding: .utf8)
            try (yaml + """

            schedule:
              listen: 127.0.0.1:\(statusPort)
            webhooks:
              listen: 127.0.0.1:\(hookPort)
              secret_env: \(serveHookVariable)
              public_url: http://127.0.0.1:\(hookPort)/procore/webhooks
              debounce_s: 0

            """).write(toFile: env.configPath, atomically: true, encoding: .utf8)
            let (registered, _) = try await complete(["webhooks", "register", "--config", env.configPath, "--json"], env, binary: binary)
            guard registered == 0 else { throw Failure(description: "webhooks register ended \(registered)") }
        }
    }

    static let serveHookVariable = "CRASH_HOOK_SECRET"
    static let serveHookSecret = "Bearer crash-harness-hook-secret"

    /// The records a serve burst must bring to a final state, found by the uninterrupted run.
    final class Tracked: @unchecked Sendable {
        var ids: [String: [Int64]] = [:]
    }

    /// Starts `serve`, waits for its start-up jobs, and (with `burst`) approves change orders,
    /// requisitions and pay apps in Procore at once: their webhooks arrive as it listens.
    static func startServe(_ env: DemoEnvironment, binary: String, burst: Bool) async throws -> (process: Process, burst: [String: [Int64]]) {
        let output = env.directory + "/serve-\(UUID().uuidString).out"
        var environment = env.secrets
        environment[serveHookVariable] = serveHookSecret
        let process = try ChildProcess.start(binary, ["serve", "--config", env.configPath], environment: environment,
                                             stdout: output, stderr: output + ".err")
        let ready = try await ServeBenchmark.waitUntil(seconds: 120) {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            // A first start runs its jobs before the burst; a restart has none due (they ran).
            return text.contains(burst ? "job reference finished" : "Health and metrics at") || !process.isRunning
        }
        guard ready, process.isRunning else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let errors = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw Failure(description: "serve did not finish its start-up jobs: \(text.suffix(1500)) \(errors.suffix(1500))")
        }
        var approved: [String: [Int64]] = [:]
        if burst {
            for resource in ["commitment_change_orders", "requisitions", "payment_applications"] {
                approved[resource] = try await env.procore.approve(resource: resource, count: 4)
            }
        }
        return (process, approved)
    }

    /// SIGTERM, then waits for the process to end.
    static func stop(_ process: Process) async throws {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        _ = try await ServeBenchmark.waitUntil(seconds: 120) { !process.isRunning }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The states a record of the burst ends in: in Sage, or held for a person.
    static let settledStates: [RecordState] = [.posted, .invalid, .rejected, .drift]

    /// `resource|source id` of every record of the company's ledger in one of `states`.
    static func sources(_ env: DemoEnvironment, in states: [RecordState]) throws -> Set<String> {
        let ledger = try PayCycle(configuration: try env.configuration()).openLedger()
        var found = Set<String>()
        for state in states {
            for record in try ledger.records(in: state, limit: 1_000_000) { found.insert("\(record.resource)|\(record.sourceID)") }
        }
        return found
    }

    /// Which of `ids` have a record in a settled state.
    static func settledIDs(_ env: DemoEnvironment, _ ids: [String: [Int64]]) throws -> [String: [Int64]] {
        let done = try sources(env, in: settledStates)
        var settled: [String: [Int64]] = [:]
        for (resource, list) in ids { settled[resource] = list.filter { done.contains("\(resource)|\($0)") } }
        return settled
    }

    /// Waits up to `seconds` for every id of `ids` to settle; returns those that did.
    static func settle(_ env: DemoEnvironment, _ ids: [String: [Int64]], seconds: Double) async throws -> [String: [Int64]] {
        try await settleTimed(env, ids, seconds: seconds).settled
    }

    /// ``settle(_:_:seconds:)`` and when the last of them settled.
    static func settleTimed(_ env: DemoEnvironment, _ ids: [String: [Int64]], seconds: Double) async throws
        -> (settled: [String: [Int64]], last: ContinuousClock.Instant) {
        let want = ids.values.reduce(0) { $0 + $1.count }
        var count = -1
        var last = ContinuousClock.now
        _ = try await ServeBenchmark.waitUntil(seconds: seconds) {
            let now = try settledIDs(env, ids).values.reduce(0) { $0 + $1.count }
            if now != count { count = now; last = ContinuousClock.now }
            return now == want
        }
        return (try settledIDs(env, ids).filter { !$0.value.isEmpty }, last)
    }

    /// Finishes the path after the kills (or without any).
    static func finish(_ path: Path, _ env: DemoEnvironment, binary: String, tracked: [String: [Int64]] = [:]) async throws {
        if path == .serve {
            // Restarted: stored events are dispatched at start, undelivered ones retried by Procore.
            let (process, _) = try await startServe(env, binary: binary, burst: false)
            _ = try await settle(env, tracked, seconds: 120)
            try await stop(process)
            return
        }
        var commands: [[String]] = [arguments(path, env)]
        if path == .replay { commands.append(["run", "--config", env.configPath, "--json"]) }
        for command in commands {
            var status: Int32 = -1
            for _ in 0..<4 {  // a run that settles what a killed one left may stop once more
                (status, _) = try await complete(command, env, binary: binary)
                if status == 0 || status == 4 { break }
            }
            guard status == 0 || status == 4 else {
                throw Failure(description: "ml-connector \(command[0]) did not finish after the kills (exit \(status))")
            }
        }
    }

    /// A check in Sage for every invoice the connector posted that still has something to pay.
    static func keyChecks(_ env: DemoEnvironment) async throws {
        let agent = try PayCycle(configuration: try env.configuration()).makeAgent()
        let documents = try await agent.postedDocuments(.apInvoices, batch: nil)
        var number = 700_000
        for document in documents.sorted(by: { $0.sageKey < $1.sageKey }) {
            guard let parts = SageDocumentKey.apInvoiceParts(document.sageKey) else { continue }
            let amount = Money.parse(document.record["InvoiceAmt"]?.stringValue ?? "0") ?? 0
            let retention = Money.parse(document.record["RetentionAmt"]?.stringValue ?? "0") ?? 0
            let payable = amount - retention
            guard payable > 0 else { continue }
            number += 1
            let check: JSONValue = .object([
                "BankCode": "A", "CheckNo": .string(String(number)), "CheckType": "N", "CheckDate": "20261201",
                "APDivisionNo": .string(parts.division), "VendorNo": .string(parts.vendorNo),
                "lines": .array([.object(["InvoiceNo": .string(parts.invoiceNo), "InvoiceAmt": .string(Money.plain(payable))])]),
            ])
            let result = try await env.agent.keyInSage(.manualChecks, record: check)
            guard result.status == .posted else {
                throw Failure(description: "keying check \(number) in Sage: \(result.messages.map(\.message).joined(separator: "; "))")
            }
        }
        guard number > 700_000 else { throw Failure(description: "no posted invoice to pay") }
    }

    /// What the path ended with.
    static func outcome(_ path: Path, _ env: DemoEnvironment) async throws -> Outcome {
        let cycle = PayCycle(configuration: try env.configuration())
        let ledger = try cycle.openLedger()
        let integrityOK = try ledger.integrityCheck() == ["ok"]
        switch path {
        case .run, .replay, .serve:
            var live: [String: RecordState] = [:]
            for state in RecordState.allCases where state != .superseded {
                for record in try ledger.records(in: state, limit: 1_000_000) { live[record.idempotencyKey] = state }
            }
            let keys = try env.agent.postings().map(\.idempotencyKey)
            let final: Set<RecordState> = [.posted, .invalid, .rejected]
            let posted = Set(live.filter { $0.value == .posted }.keys)
            return Outcome(items: Set(live.map { "\($0.key)=\($0.value.rawValue)" }), written: keys.count,
                           duplicates: keys.count - Set(keys).count,
                           unsettled: live.values.filter { !final.contains($0) }.count + posted.symmetricDifference(keys).count,
                           integrityOK: integrityOK)
        case .reference:
            let payments = try await procorePayments(env, ledger: ledger)
            let origins = payments.compactMap(\.originID)
            let open = try ledger.openExchangeItems(kind: PaymentExchange.kind).count
            return Outcome(items: Set(origins), written: origins.count, duplicates: origins.count - Set(origins).count,
                           unsettled: open, integrityOK: integrityOK)
        }
    }

    /// Every contract payment in Procore on a commitment the connector posted invoices for.
    static func procorePayments(_ env: DemoEnvironment, ledger: Ledger) async throws -> [ContractPayment] {
        let configuration = try env.configuration()
        let client = ProcoreClient(configuration: try configuration.base.procore.clientConfiguration(file: configuration.file))
        var contracts: Set<[Int64]> = []
        for (requisition, _) in try ledger.identityPairs(company: configuration.sage.company, resource: SageDocumentKind.apInvoices.rawValue) {
            if let c = try ledger.requisitionContract(requisition), let project = c.projectID, let commitment = c.commitmentID {
                contracts.insert([project, commitment])
            }
        }
        var payments: [ContractPayment] = []
        for pair in contracts.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            payments += try await client.contractPayments(projectID: pair[0], contractID: pair[1]).filter { $0.originID != nil }
        }
        return payments
    }

    /// Whether the path still has work to do: fewer documents in Sage (run) or payments in
    /// Procore (reference) than the uninterrupted work wrote, or the fix sheet not yet taken (replay).
    static func workLeft(_ path: Path, _ env: DemoEnvironment, expected: Int, tracked: [String: [Int64]]) async throws -> Bool {
        switch path {
        case .serve:
            let want = tracked.values.reduce(0) { $0 + $1.count }
            return try settledIDs(env, tracked).values.reduce(0) { $0 + $1.count } < want
        case .run:
            return try env.agent.postings().count < expected
        case .replay:
            return FileManager.default.fileExists(atPath: try env.configuration().inboxDirectory + "/fixes.csv")
        case .reference:
            let ledger = try PayCycle(configuration: try env.configuration()).openLedger()
            return try await procorePayments(env, ledger: ledger).count < expected
        }
    }
}
