import Connector
import Demo
import Foundation
import Ledger
import Sandbox
#if canImport(Glibc)
import Glibc
#endif

/// `ml-connector bench serve`: both sandboxes in this process, `ml-connector serve` in its own,
/// hooks registered in the Procore sandbox. New approved change orders and owner payment
/// applications are created in Procore one at a time (`POST /_sandbox/create`, whose `create`
/// webhooks Procore delivers); each is timed from its creation to its document in Sage
/// (the simulator's postings). With a share of deliveries dropped, the resource jobs' polling
/// must find the rest within one cadence.
public enum ServeBenchmark {
    public struct Options: Sendable {
        public var perKind = 20
        /// Share of webhook deliveries the Procore sandbox loses.
        public var dropRate = 0.0
        /// Cadence of the change order and pay app jobs (the polling fallback), in seconds.
        public var fallbackSeconds = 30
        public init() {}
    }

    /// What one kind of record did.
    public struct KindFigures: Sendable, Codable, Equatable {
        public var resource: String
        public var created: Int
        public var posted: Int
        /// Created but held back for a person: invalid, refused, or a change to a record already
        /// posted (the reason is in the ledger and the report).
        public var heldBack: Int
        /// Created, valid, and not in Sage within the wait: lost.
        public var notPosted: Int
        public var p50Seconds: Double
        public var p95Seconds: Double
        public var maxSeconds: Double
    }

    public struct Figures: Sendable, Codable, Equatable {
        public var kinds: [KindFigures]
        public var dropRate: Double
        public var fallbackSeconds: Int
        /// Idempotency keys in Sage more than once.
        public var duplicates: Int
        public var webhookEventsPosted: Int

        public var table: String {
            var lines = ["serve: webhook to Sage, one record at a time",
                         "  drop-rate=\(dropRate) fallback-cadence=\(fallbackSeconds)s duplicates=\(duplicates)"]
            for k in kinds {
                lines.append("  \(k.resource): \(k.created) created, \(k.posted) posted, \(k.heldBack) held back for a person, \(k.notPosted) lost; "
                             + String(format: "p50 %.2f s, p95 %.2f s, max %.2f s", k.p50Seconds, k.p95Seconds, k.maxSeconds))
            }
            return lines.joined(separator: "\n")
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ options: Options, binary: String? = nil,
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> Figures {
        let binary = try binary ?? ChildProcess.currentExecutable()
        let folder = NSTemporaryDirectory() + "ml-connector-bench-serve-\(UUID().uuidString)"
        // Every cost code mapped: what is created can be posted (a record held back by
        // validation is counted apart, not timed).
        var demo = DemoEnvironment.Options(projects: 24, recordsPerProject: 80, seed: 42, unmappedCostCode: nil)
        demo.webhookDropRate = options.dropRate
        progress?("starting both sandboxes (24 projects)…")
        let env = try await DemoEnvironment.start(directory: folder, options: demo)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let figures = try await measure(env, folder: folder, options: options, binary: binary, progress: progress)
            await env.stop()
            return figures
        } catch {
            await env.stop()
            throw error
        }
    }

    static func measure(_ env: DemoEnvironment, folder: String, options: Options, binary: String,
                        progress: (@Sendable (String) -> Void)?) async throws -> Figures {
        let statusPort = try ChildProcess.freeLoopbackPort(), hookPort = try ChildProcess.freeLoopbackPort()
        let fallback = "\(options.fallbackSeconds)s"
        let yaml = try String(contentsOfFile: env.configPath, encoding: .utf8)
        try (yaml.replacingOccurrences(of: "vendor_name_policy: reject", with: "vendor_name_policy: truncate") + """

        schedule:
          listen: 127.0.0.1:\(statusPort)
          change_orders: \(fallback)
          pay_apps: \(fallback)
        webhooks:
          listen: 127.0.0.1:\(hookPort)
          secret_env: BENCH_HOOK_SECRET
          public_url: http://127.0.0.1:\(hookPort)/procore/webhooks
          debounce_s: 0

        """).write(toFile: env.configPath, atomically: true, encoding: .utf8)
        var environment = env.secrets
        environment["BENCH_HOOK_SECRET"] = "Bearer bench-serve-" + UUID().uuidString
        environment["CI"] = "1"
        let (registered, _) = try await ChildProcess.run(binary, ["webhooks", "register", "--config", env.configPath, "--json"],
                                                         environment: environment)
        guard registered == 0 else { throw Failure(description: "webhooks register ended \(registered)") }

        let output = folder + "/serve.out"
        let serve = try ChildProcess.start(binary, ["serve", "--config", env.configPath], environment: environment, stdout: output)
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        func said(_ text: String) -> Bool { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains(text) }
        progress?("serve started; waiting for its first whole cycle…")
        try await waitUntil(seconds: 300) { said("job full finished") || !serve.isRunning }
        guard serve.isRunning else { throw Failure(description: "serve ended before its first cycle") }

        // Change orders go on commitments Sage has (posted by the first cycle): one on a
        // commitment held back for a person would rightly be held with it, and not timed.
        let postedCommitments = try CrashBenchmark.sources(env, in: [.posted])
            .filter { $0.hasPrefix("purchase_order_contracts|") || $0.hasPrefix("work_order_contracts|") }
            .compactMap { Int64($0.split(separator: "|").last ?? "") }.sorted()
        guard !postedCommitments.isEmpty else { throw Failure(description: "the first cycle posted no commitment to add change orders to") }

        var kinds: [KindFigures] = []
        for resource in ["commitment_change_orders", "payment_applications"] {
            var latencies: [Double] = []
            var created = 0, missing = 0, held = 0
            for index in 1...options.perKind {
                let clock = ContinuousClock()
                let start = clock.now
                let commitment = resource == "commitment_change_orders" ? postedCommitments[(index - 1) % postedCommitments.count] : nil
                guard let id = try await env.procore.create(resource: resource, count: 1, commitmentID: commitment).first else {
                    progress?("\(resource): nothing more can be created after \(created)")
                    break
                }
                created += 1
                let suffix = ":\(resource):\(id)"
                var invalid = false
                let found = try await waitUntil(seconds: Double(options.fallbackSeconds) + 30) {
                    if ((try? env.agent.postings()) ?? []).contains(where: { $0.idempotencyKey.hasSuffix(suffix) }) { return true }
                    invalid = try heldBack(env, resource: resource, id: id)
                    return invalid
                }
                if found && !invalid { latencies.append((clock.now - start) / .seconds(1)) } else if invalid { held += 1 } else { missing += 1 }
                if index % 5 == 0 { progress?("\(resource): \(index) of \(options.perKind) created and settled") }
            }
            latencies.sort()
            func percentile(_ p: Double) -> Double {
                guard !latencies.isEmpty else { return 0 }
                return latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)]
            }
            kinds.append(KindFigures(resource: resource, created: created, posted: latencies.count, heldBack: held, notPosted: missing,
                                     p50Seconds: percentile(0.5), p95Seconds: percentile(0.95), maxSeconds: latencies.last ?? 0))
        }
        kill(serve.processIdentifier, SIGTERM)
        try await waitUntil(seconds: 120) { !serve.isRunning }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let webhookPosted = text.split(separator: "\n").filter { $0.contains("webhook event(s):") && !$0.contains(": 0 document(s)") }.count
        let keys = try env.agent.postings().map(\.idempotencyKey)
        return Figures(kinds: kinds, dropRate: options.dropRate, fallbackSeconds: options.fallbackSeconds,
                       duplicates: keys.count - Set(keys).count, webhookEventsPosted: webhookPosted)
    }

    /// Whether the record of `resource` `id` is held back for a person in the ledger: invalid,
    /// refused by Sage, or a new version of a record already posted (drift).
    static func heldBack(_ env: DemoEnvironment, resource: String, id: Int64) throws -> Bool {
        try CrashBenchmark.sources(env, in: [.invalid, .rejected, .drift]).contains("\(resource)|\(id)")
    }

    /// Polls `condition` every 20 ms for at most `seconds`; true when it came to hold.
    @discardableResult
    static func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        while clock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
