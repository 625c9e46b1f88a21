import Foundation
import HTTP
import JSON
import Ledger
import Logging
import Procore
import Sage100

/// What `serve` reports while it runs, for the terminal and the log.
public enum ServeEvent: Sendable {
    case ready(webhooks: String?, status: String)
    case jobStarted(String)
    case jobFinished(String, exitCode: Int32, headline: String, seconds: Double)
    case eventsPosted(events: Int, posted: Int, latencies: [Double])
    case agentUnavailable(String)
}

/// The one worker of a `serve` process: runs the scheduled jobs and the pay cycles webhook
/// events start, one at a time. Across processes the ledger's own locks keep one writer per
/// company: a `run` started by hand while `serve` posts waits or exits busy, and the other way
/// round a job that finds the ledger busy ends with the busy status and runs at its next tick.
public actor ServeWorker {
    public let configuration: RunConfiguration
    public let metrics: ServeMetrics
    let ledger: Ledger
    let logger: Logger
    let onEvent: (@Sendable (ServeEvent) -> Void)?
    /// The agent asked for status by the health check (the configured one unless given).
    let agent: any SageAgent
    /// The Procore client the health check probes with (the one the webhook pulls use).
    let procore: ProcoreClient
    private let gate = AsyncSemaphore(limit: 1)
    /// When the agent last answered (a status, or a cycle that read from it).
    public private(set) var agentAnsweredAt: Date?
    /// What the agent said when it last failed, until it answers again.
    public private(set) var agentProblem: String?
    /// The job or event batch running now, if any.
    public private(set) var busyWith: String?

    public init(configuration: RunConfiguration, ledger: Ledger, metrics: ServeMetrics, procore: ProcoreClient,
                agent: (any SageAgent)? = nil,
                logger: Logger, onEvent: (@Sendable (ServeEvent) -> Void)? = nil) throws {
        self.configuration = configuration
        self.ledger = ledger
        self.metrics = metrics
        self.logger = logger
        self.onEvent = onEvent
        self.procore = procore
        self.agent = try agent ?? PayCycle(configuration: configuration).makeAgent()
    }

    func cycle() -> PayCycle {
        var cycle = PayCycle(configuration: configuration)
        cycle.agent = agent
        return cycle
    }

    /// Runs `body` alone: no other job or event batch of this process runs meanwhile.
    private func alone<T: Sendable>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        await gate.acquire()
        busyWith = name
        defer { busyWith = nil }
        do {
            let result = try await body()
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    // MARK: - Scheduled jobs

    /// When `job` last started, from the ledger (nil: never).
    func lastRun(_ job: ServeJob) -> Date? {
        guard let text = try? ledger.pipelineValue(job.lastRunKey), let seconds = Double(text) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Runs `job` now and records its start as its last run (whatever the outcome: a failed job
    /// runs again at its next tick, not in a tight loop).
    @discardableResult
    public func run(_ job: ServeJob) async -> Int32 {
        await alone(job.name) {
            let started = Date()
            // The whole pay cycle covers every resource job's tick too.
            let covered = job.work == .payCycle(resources: nil)
                ? configuration.schedule.jobs.filter { if case .payCycle = $0.work { return true } else { return false } }
                : [job]
            for each in covered { try? ledger.setPipelineValue(each.lastRunKey, String(Int64(started.timeIntervalSince1970))) }
            onEvent?(.jobStarted(job.name))
            logger.info("job started", metadata: ["job": "\(job.name)", "cadence": "\(job.cadence)"])
            let clock = ContinuousClock()
            let start = clock.now
            let exitCode: Int32
            let headline: String
            switch job.work {
            case .payCycle(let resources):
                var cycle = cycle()
                cycle.pullResources = resources
                let summary = await cycle.run()
                metrics.record(summary, job: job.name)
                if summary.stages[PayCycleStage.reference.rawValue]?.status == "ok" { agentAnswered() }
                exitCode = summary.exitCode
                headline = summary.headline
            case .reference:
                do {
                    let summary = try await cycle().referenceExchange(changesOnly: true)
                    agentAnswered()
                    exitCode = summary.exitCode
                    headline = "reference: \(summary.reference.source); \(summary.reference.accounts) GL accounts, \(summary.reference.vendors) vendors cached"
                        + (summary.payments.map { ", \($0.sent.count) check line(s) sent to Procore" } ?? "")
                        + (summary.vendors.map { ", \($0.created.count) vendor(s) created and \($0.linked.count) linked in Procore" } ?? "")
                        + (summary.jobCosts.map { ", \($0.sent.count + $0.updated.count) job cost line(s) sent to Procore as direct costs" } ?? "")
                        + (summary.validation.map { v in
                            "; the day's validation: \(v.problemCount) problem(s)" + (summary.report.map { " (\($0.html))" } ?? "")
                        } ?? "")
                } catch {
                    exitCode = ExitStatus(of: error).rawValue
                    headline = "reference exchange failed: \(error)"
                }
            }
            let seconds = (clock.now - start) / .seconds(1)
            if exitCode == ExitStatus.done.rawValue || exitCode == ExitStatus.needsPerson.rawValue {
                metrics.succeeded(job: job.name)
            }
            logger.info("job finished", metadata: ["job": "\(job.name)", "exit": "\(exitCode)", "seconds": "\(seconds)", "headline": "\(headline)"])
            onEvent?(.jobFinished(job.name, exitCode: exitCode, headline: headline, seconds: seconds))
            return exitCode
        }
    }

    /// The jobs due now, in the schedule's order; when the whole pay cycle is due it comes
    /// first and stands for the resource jobs (it pulls their resources too).
    public func dueJobs(now: Date = Date()) -> [ServeJob] {
        let due = configuration.schedule.jobs.filter { $0.cadence.isDue(lastRun: lastRun($0), now: now) }
        guard let full = due.first(where: { $0.work == .payCycle(resources: nil) }) else { return due }
        return [full] + due.filter { $0.work == .reference }
    }

    // MARK: - Webhook events

    /// What the dispatcher calls for a burst of events: pulls just the changed records, then a
    /// pay cycle without a pull transforms and posts them; the time from each event's timestamp
    /// to the end of its posting goes to the latency histogram.
    public func pullAndPost(_ targets: [WebhookPullTarget], pull: WebhookPull) async throws -> PullSummary {
        try await alone("webhook events") {
            let stamps = (try? ledger.unprocessedWebhookEvents(limit: 10_000))?.compactMap { Self.timestamp(of: $0) } ?? []
            let pulled = try await pull.run(targets)
            let summary = await cycle().run(skipPull: true)
            metrics.record(summary, job: "webhook")
            let posted = summary.post?.postedCount ?? 0
            var latencies: [Double] = []
            if posted > 0 {
                let now = Date()
                latencies = stamps.map { now.timeIntervalSince($0) }
                for latency in latencies { metrics.webhookToPosting(latency) }
            }
            onEvent?(.eventsPosted(events: stamps.count, posted: posted, latencies: latencies))
            return pulled
        }
    }

    /// The `timestamp` of a stored delivery (`2026-02-06T23:34:12.246562Z`).
    static func timestamp(of event: WebhookEventRow) -> Date? {
        guard case .object(let object)? = try? JSONValue.parse(Data(event.payload.utf8)),
              case .string(let text)? = object["timestamp"] else { return nil }
        return ISO8601Timestamp.parse(text)
    }

    // MARK: - Health

    /// Asks the agent for its status and Procore for its rate-limit headroom (one record of
    /// the company's projects): what `/healthz` and `/metrics` report between jobs.
    public func checkHealth() async {
        do {
            _ = try await agent.status()
            agentAnswered()
        } catch {
            agentProblem = "\(error)"
            logger.warning("the Sage agent did not answer its status", metadata: ["error": "\(error)"])
            onEvent?(.agentUnavailable("\(error)"))
        }
        if let probe = try? await procore.probe(.projects, projectID: nil),
           let remaining = probe.rateRemaining {
            metrics.procoreRateRemaining(remaining)
        }
    }

    private func agentAnswered() {
        agentAnsweredAt = Date()
        agentProblem = nil
    }
}

/// ISO 8601 UTC timestamps as Procore writes them, with any number of fraction digits.
enum ISO8601Timestamp {
    static func parse(_ text: String) -> Date? {
        // yyyy-MM-ddTHH:mm:ss[.fraction](Z|+00:00)
        let scalars = Array(text.utf8)
        guard scalars.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var fraction = 0.0
        var index = 19
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < scalars.count, (48...57).contains(scalars[index]) {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < scalars.count, scalars[index] == UInt8(ascii: "Z") || text.hasSuffix("+00:00") else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        return components.date.map { $0.addingTimeInterval(fraction) }
    }
}
