import Connector
import Demo
import Foundation
import Hosting
import Ledger
import Sandbox
#if canImport(Glibc)
import Glibc
#endif

/// `bench tenants`: hosted mode with many companies. For each worker count, a fresh set of
/// demo companies (each its own Procore sandbox and Sage simulator, in this process) under one
/// tenants file; that many `ml-connector serve --tenants … --until-idle` workers in their own
/// processes; the wall time until every company's pay cycle is done gives pay cycles per
/// minute. With kills, a worker is SIGKILLed at random instants (and a new one started in its
/// place); its companies must be taken over within one lease period.
public enum TenantsBenchmark {
    public struct Options: Sendable {
        public var companies = 20
        public var workers = [1, 2, 3]
        /// SIGKILLs per worker count (0: none).
        public var kills = 0
        public var leaseSeconds = 3
        /// Time each simulated COM write takes.
        public var writeLatency: Duration = .milliseconds(2)
        public var seed: UInt64 = 20_261_207
        /// `leases.store`: nil for a SQLite file in the round's folder.
        public var store: String?
        /// A PostgreSQL URL: each company's ledger in a schema of its own there (`ledger.url`);
        /// nil for a SQLite file per company.
        public var ledgers: String?
        public init() {}
    }

    public struct Round: Sendable, Codable, Equatable {
        public var workers: Int
        public var seconds: Double
        public var cyclesPerMinute: Double
        public var speedUp: Double
        public var posted: Int
        /// Idempotency keys in a simulator more than once.
        public var duplicates: Int
        /// Records the ledgers hold as posted that their simulator does not have, or left
        /// `posting`/`uncertain`.
        public var missing: Int
        /// Imports that arrived at a company's simulator while another was in flight.
        public var overlapping: Int
        public var kills: Int
        /// Companies taken over from a killed worker, the longest time from the kill to the
        /// takeover, and the longest from the moment its lease ran out (the kill may come just
        /// after a renewal: the lease then still runs for nearly its whole length).
        public var takeovers: Int
        public var longestTakeoverSeconds: Double
        public var longestAfterExpirySeconds: Double
    }

    public struct Figures: Sendable, Codable, Equatable {
        public var companies: Int
        public var leaseSeconds: Int
        public var rounds: [Round]

        public var report: BenchReport {
            var figures: [BenchFigure] = []
            for round in rounds {
                let w = "\(round.workers) worker\(round.workers == 1 ? "" : "s")"
                figures.append(BenchFigure("\(w): pay cycles", round.cyclesPerMinute, "per minute (\(String(format: "%.1f", round.seconds)) s for \(companies))"))
                figures.append(BenchFigure("\(w): speed-up", round.speedUp, "x one worker"))
                figures.append(BenchFigure("\(w): posted", Double(round.posted), "documents, \(round.duplicates) twice, \(round.missing) missing, \(round.overlapping) overlapping imports"))
                if round.kills > 0 {
                    figures.append(BenchFigure("\(w): kills", Double(round.kills), "SIGKILL, \(round.takeovers) companies taken over"))
                    figures.append(BenchFigure("\(w): takeover after the kill", round.longestTakeoverSeconds, "s at most (lease \(leaseSeconds) s)"))
                    figures.append(BenchFigure("\(w): takeover after expiry", round.longestAfterExpirySeconds, "s at most, from the moment the dead worker's lease ran out"))
                }
            }
            return BenchReport(benchmark: "tenants", parameters: ["companies": String(companies), "lease_s": String(leaseSeconds)],
                               figures: figures)
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ options: Options, binary: String? = nil,
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> Figures {
        let binary = try binary ?? ChildProcess.currentExecutable()
        var rounds: [Round] = []
        var generator = SplitMix64(seed: options.seed)
        for workers in options.workers {
            progress?("\(workers) worker(s): starting \(options.companies) companies")
            var round = try await self.round(workers: workers, options: options, binary: binary, generator: &generator, progress: progress)
            round.speedUp = rounds.first.map { round.cyclesPerMinute / max($0.cyclesPerMinute, 0.0001) } ?? 1
            rounds.append(round)
            progress?("\(workers) worker(s): \(String(format: "%.1f", round.cyclesPerMinute)) pay cycles per minute")
        }
        return Figures(companies: options.companies, leaseSeconds: options.leaseSeconds, rounds: rounds)
    }

    static func round(workers: Int, options: Options, binary: String, generator: inout SplitMix64,
                      progress: (@Sendable (String) -> Void)?) async throws -> Round {
        let folder = NSTemporaryDirectory() + "bench-tenants-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environments: [(String, DemoEnvironment)] = []
        defer { for (_, env) in environments { Task { await env.stop() } } }
        let store = options.store ?? "leases.sqlite"
        var yml = "leases:\n  store: \(store)\n  seconds: \(options.leaseSeconds)\ntenants:\n"
        // Names of this round's own: a PostgreSQL store outlives the round.
        let tag = UUID().uuidString.prefix(6).lowercased()
        for index in 1...options.companies {
            let name = String(format: "company-\(tag)-%02d", index)
            var demo = DemoEnvironment.Options(projects: 2, recordsPerProject: 40, seed: UInt64(100 + index),
                                               writeLatency: options.writeLatency)
            demo.ledgerURL = options.ledgers.map { $0 + ($0.contains("?") ? "&" : "?") + "schema=bench_\(tag)_\(index)" }
            let env = try await DemoEnvironment.start(directory: folder + "/" + name, options: demo)
            environments.append((name, env))
            yml += "  - name: \(name)\n    config: \(name)/connector.yml\n"
        }
        try Data(yml.utf8).write(to: URL(fileURLWithPath: folder + "/tenants.yml"))
        let secrets = environments.first?.1.secrets ?? [:]
        let location = try LeaseStoreLocation.parse(store, relativeTo: folder)

        func start(_ name: String) throws -> Process {
            try ChildProcess.start(binary, ["serve", "--tenants", folder + "/tenants.yml", "--until-idle", "--concurrency", "1",
                                            "--worker-name", name, "--json"],
                                   environment: secrets, stderr: folder + "/\(name).log")
        }
        let clock = ContinuousClock()
        let began = clock.now
        let leases = try await SQLLeaseStore.open(location)
        defer { Task { await leases.close() } }
        /// Per killed worker: each company it held and when that lease ran out (ms, store clock).
        var heldAtKill: [String: [String: Int64]] = [:]
        var live: [(name: String, process: Process)] = try (1...workers).map { ("worker-\($0)", try start("worker-\($0)")) }
        var killedAt: [String: Date] = [:]
        var kills = 0
        var restarts = 0
        // Kill instants: drawn uniformly over the time the workers are busy with their first
        // companies (0.15 s a company, at least 2 s), so each kill can fall mid-cycle; a kill
        // drawn after the workers have finished is not made (the figures count the kills made).
        let window = max(2, Double(options.companies) * 0.15)
        var instants = (0..<options.kills).map { _ in Double(generator.next() % 10_000) / 10_000 * window }
        instants.sort()
        while live.contains(where: { $0.process.isRunning }) {
            let elapsed = (clock.now - began) / .seconds(1)
            if let next = instants.first, elapsed >= next {
                instants.removeFirst()
                let running = live.indices.filter { live[$0].process.isRunning }
                if let index = running.isEmpty ? nil : running[Int(generator.next() % UInt64(running.count))] {
                    kill(live[index].process.processIdentifier, SIGKILL)
                    live[index].process.waitUntilExit()
                    killedAt[live[index].name] = Date()
                    for (name, _) in environments {
                        if let lease = try await leases.holder(of: name), lease.owner == live[index].name {
                            heldAtKill[live[index].name, default: [:]][name] = lease.expiresAt
                        }
                    }
                    kills += 1
                    restarts += 1
                    let name = "worker-\(workers)-restart-\(restarts)"
                    live.append((name, try start(name)))
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = (clock.now - began) / .seconds(1)
        for (name, process) in live where killedAt[name] == nil && process.terminationStatus != 0 {
            let log = (try? String(contentsOfFile: folder + "/\(name).log", encoding: .utf8)) ?? ""
            throw Failure(description: "worker \(name) ended with status \(process.terminationStatus); the end of its log:\n"
                          + log.split(separator: "\n").suffix(8).joined(separator: "\n"))
        }

        // Every company: each key in Sage once, every ledger record posted there, nothing open.
        var posted = 0, duplicates = 0, missing = 0, overlapping = 0, takeovers = 0
        var longest = 0.0, longestAfterExpiry = 0.0
        for (name, env) in environments {
            let postings = try env.agent.postings()
            let keys = Dictionary(grouping: postings, by: \.idempotencyKey)
            posted += keys.count
            duplicates += keys.values.filter { $0.count > 1 }.count
            overlapping += env.agent.stats().overlappingImports
            let ledger = try PayCycle(configuration: try env.configuration()).openLedger()
            let records = try ledger.records(in: .posted, limit: Int.max)
            missing += records.filter { keys[$0.idempotencyKey] == nil }.count
            missing += try ledger.records(in: .uncertain).count + ledger.records(in: .posting).count
            if keys.isEmpty { missing += 1 }
            let events = try await leases.events(for: name)
            for event in events where event.kind == .acquired && event.generation > 1 {
                guard let before = events.last(where: { $0.generation == event.generation - 1 }), before.kind == .acquired,
                      let killed = killedAt[before.owner] else { continue }
                takeovers += 1
                longest = max(longest, Double(event.at) / 1000 - killed.timeIntervalSince1970)
                if let expiry = heldAtKill[before.owner]?[name] {
                    longestAfterExpiry = max(longestAfterExpiry, Double(event.at - expiry) / 1000)
                }
            }
        }
        let cycles = Double(options.companies)
        return Round(workers: workers, seconds: seconds, cyclesPerMinute: cycles / seconds * 60, speedUp: 1,
                     posted: posted, duplicates: duplicates, missing: missing, overlapping: overlapping,
                     kills: kills, takeovers: takeovers, longestTakeoverSeconds: longest,
                     longestAfterExpirySeconds: longestAfterExpiry)
    }
}
