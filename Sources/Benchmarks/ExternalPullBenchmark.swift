import Connector
import Foundation
import HTTP
import Ledger
import Procore

/// A full and an unchanged pull against a Procore API at a given URL (`PullBenchmark` starts a sandbox
/// in this process; `pull-memory` points it at a sandbox in another process, so that the peak
/// memory measured is the pull's alone).
public enum ExternalPullBenchmark {
    /// Where to pull from. The secret is never printed (see ``ProcoreConfiguration``).
    public struct Target: Sendable {
        public var baseURL: String
        public var companyID: Int64
        public var clientID: String
        public var clientSecret: String

        public init(baseURL: String, companyID: Int64, clientID: String, clientSecret: String) {
            self.baseURL = baseURL
            self.companyID = companyID
            self.clientID = clientID
            self.clientSecret = clientSecret
        }
    }

    /// Full pull, then an unchanged one, into a temporary ledger and staging folder (removed
    /// afterwards). `projects` and `recordsPerProject` only label the figures.
    public static func run(_ target: Target, projects: Int, recordsPerProject: Int, perPage: Int = 1000,
                           concurrency: Int = 4) async throws -> PullBenchmarkFigures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ml-connector-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let procore = ProcoreConfiguration(environment: .custom(apiBaseURL: target.baseURL, authBaseURL: target.baseURL),
                                           companyID: target.companyID, clientID: target.clientID,
                                           clientSecret: target.clientSecret, perPage: perPage,
                                           maxConcurrentRequests: concurrency)
        try procore.validate()
        let http = RecordingHTTPClient(base: CurlHTTPClient(configuration: HTTPClientConfiguration(maxConcurrentRequests: concurrency)))
        let client = ProcoreClient(configuration: procore, http: http)
        let ledger = try Ledger.open(path: folder.appendingPathComponent("ml-connector.sqlite").path)
        let puller = Puller(source: client, ledger: ledger, stagingRoot: folder.appendingPathComponent("staging").path,
                            companyID: target.companyID, options: PullOptions(maxConcurrency: concurrency))
        let full = try await puller.run()
        guard full.isComplete else {
            let problems = full.failed.map { "\($0.resource) in \($0.scope): \($0.message)" }
                + full.forbidden.map { "\($0.resource): forbidden" }
            throw ChildProcess.Failure(description: "the pull did not complete (\(problems.prefix(3).joined(separator: "; "))); the figures would not be comparable")
        }
        let manifest = try JSONDecoder().decode(StagingManifest.self,
                                                from: Data(contentsOf: URL(fileURLWithPath: full.stagedDirectory + "/manifest.json")))
        // The floor: the full pull's API requests again (token requests left out), bare.
        let apiRequests = http.sentRequests.filter { $0.method == .get }
        let bare = try await BareRequestLoop.run(apiRequests, concurrency: concurrency)
        let unchanged = try await puller.run()
        let staged = full.records.values.reduce(0, +)
        return PullBenchmarkFigures(
            projects: projects, recordsPerProject: recordsPerProject, recordsStaged: staged,
            stagedBytes: manifest.files.reduce(0) { $0 + $1.bytes }, requests: full.requests, tokens: full.tokens,
            rateLimited: full.rateLimited, fullPullSeconds: full.durationSeconds,
            recordsPerSecond: full.durationSeconds > 0 ? Double(staged) / full.durationSeconds : 0,
            unchangedPullSeconds: unchanged.durationSeconds, unchangedPullRequests: unchanged.requests,
            bareLoopRequests: bare.requests, bareLoopSeconds: bare.seconds, bareLoopNotOK: bare.notOK,
            peakResidentMiB: ProcessMemory.peakRSSBytes().map { Double($0) / 1_048_576 })
    }
}
