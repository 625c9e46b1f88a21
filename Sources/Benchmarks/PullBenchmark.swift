import Connector
import Foundation
import HTTP
import Ledger
import Procore
import Sandbox

/// Figures of one pull benchmark run.
public struct PullBenchmarkFigures: Sendable, Codable, CustomStringConvertible {
    public var projects: Int
    public var recordsPerProject: Int
    /// Records staged by the full pull (children travel inside their parents' lines).
    public var recordsStaged: Int
    /// Bytes of the staged `.jsonl` files.
    public var stagedBytes: Int
    /// API requests of the full pull (token requests not included).
    public var requests: Int
    public var tokens: Int
    public var rateLimited: Int
    public var fullPullSeconds: Double
    public var recordsPerSecond: Double
    /// The follow-up pull with nothing changed.
    public var unchangedPullSeconds: Double
    public var unchangedPullRequests: Int
    /// The floor: the full pull's API requests sent again by a bare loop, same concurrency.
    public var bareLoopRequests: Int
    public var bareLoopSeconds: Double
    /// Bare-loop answers that were not 2xx.
    public var bareLoopNotOK: Int
    /// Peak resident memory of the process (Linux `VmHWM`), in MiB; nil where unavailable.
    public var peakResidentMiB: Double?

    /// Requests per second of the full pull.
    public var requestsPerSecond: Double { fullPullSeconds > 0 ? Double(requests) / fullPullSeconds : 0 }
    /// Requests per second of the bare loop.
    public var bareLoopRequestsPerSecond: Double { bareLoopSeconds > 0 ? Double(bareLoopRequests) / bareLoopSeconds : 0 }
    /// The pull's request rate over the bare loop's (target: at least 0.8).
    public var ratioToBareLoop: Double? {
        bareLoopRequestsPerSecond > 0 ? requestsPerSecond / bareLoopRequestsPerSecond : nil
    }

    enum CodingKeys: String, CodingKey {
        case projects, tokens
        case recordsPerProject = "records_per_project", recordsStaged = "records_staged", stagedBytes = "staged_bytes"
        case requests, rateLimited = "rate_limited", fullPullSeconds = "full_pull_s", recordsPerSecond = "records_per_s"
        case unchangedPullSeconds = "unchanged_pull_s", unchangedPullRequests = "unchanged_pull_requests"
        case peakResidentMiB = "peak_rss_mib"
        case bareLoopRequests = "bare_loop_requests", bareLoopSeconds = "bare_loop_s", bareLoopNotOK = "bare_loop_not_ok"
    }

    /// The figures as a ``BenchReport`` (table or JSON).
    public var report: BenchReport {
        var figures = [
            BenchFigure("records staged", Double(recordsStaged), "records"),
            BenchFigure("staged size", Double(stagedBytes) / 1_048_576, "MiB"),
            BenchFigure("full pull", fullPullSeconds, "s"),
            BenchFigure("throughput", recordsPerSecond.rounded(), "records/s"),
            BenchFigure("requests", Double(requests), "requests"),
            BenchFigure("tokens", Double(tokens), "tokens"),
            BenchFigure("rate limited", Double(rateLimited), "429s"),
            BenchFigure("request rate", requestsPerSecond, "requests/s"),
            BenchFigure("floor: bare request loop", bareLoopRequestsPerSecond, "requests/s"),
            BenchFigure("bare loop answers not 2xx", Double(bareLoopNotOK), "answers"),
            BenchFigure("unchanged pull", unchangedPullSeconds, "s"),
            BenchFigure("unchanged pull requests", Double(unchangedPullRequests), "requests"),
        ]
        if let ratio = ratioToBareLoop {
            figures.insert(BenchFigure("pull / bare loop (request rate)", ratio, "x"), at: 8)
        }
        if let peakResidentMiB { figures.append(BenchFigure("peak RSS", peakResidentMiB, "MiB")) }
        return BenchReport(benchmark: "pull", parameters: ["projects": String(projects),
                                                         "records_per_project": String(recordsPerProject)],
                           figures: figures)
    }

    public var description: String {
        var lines = [
            "pull benchmark: \(projects) projects x \(recordsPerProject) records (Procore sandbox over loopback)",
            "  full pull:      \(recordsStaged) records staged (\(stagedBytes / 1024) KiB) in \(String(format: "%.2f", fullPullSeconds)) s = \(Int(recordsPerSecond)) records/s",
            "                  \(requests) requests, \(tokens) token(s), \(rateLimited) rate-limited",
            "  floor:          the same \(bareLoopRequests) requests bare in \(String(format: "%.2f", bareLoopSeconds)) s; the pull's request rate is \(String(format: "%.2f", ratioToBareLoop ?? 0)) x the bare loop's",
            "  unchanged pull: \(unchangedPullRequests) requests in \(String(format: "%.2f", unchangedPullSeconds)) s",
        ]
        if let peakResidentMiB { lines.append("  peak RSS:       \(String(format: "%.1f", peakResidentMiB)) MiB") }
        return lines.joined(separator: "\n")
    }
}

/// `ml-connector bench pull`: a full pull, then an unchanged one, against a local Procore
/// sandbox, into a temporary ledger and staging folder (removed afterwards).
public enum PullBenchmark {
    public static func run(projects: Int = 50, recordsPerProject: Int = 2000, perPage: Int = 1000,
                           concurrency: Int = 4) async throws -> PullBenchmarkFigures {
        let sandbox = try await ProcoreSandbox.start(ProcoreSandboxConfiguration(projects: projects, recordsPerProject: recordsPerProject))
        let configuration = sandbox.configuration
        let target = ExternalPullBenchmark.Target(baseURL: sandbox.baseURL, companyID: configuration.companyID,
                                                  clientID: configuration.clientID, clientSecret: configuration.clientSecret)
        do {
            let figures = try await ExternalPullBenchmark.run(target, projects: projects, recordsPerProject: recordsPerProject,
                                                              perPage: perPage, concurrency: concurrency)
            await sandbox.stop()
            return figures
        } catch {
            await sandbox.stop()
            throw error
        }
    }
}
