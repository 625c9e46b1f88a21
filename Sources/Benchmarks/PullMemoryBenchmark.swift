import Foundation
import HTTP
import Sandbox

/// `ml-connector bench pull-memory`: the pull at N and at factor × N records, each in its own
/// child process of this executable (`bench pull-child`), against a Procore sandbox in yet
/// another child process (`sandbox procore`), so each peak RSS is the pull's alone.
public enum PullMemoryBenchmark {
    /// Which dimension grows between the two runs.
    public enum Scale: String, Sendable, CaseIterable, Codable {
        /// More projects, the same records per project (a bigger company).
        case projects
        /// More records per project, the same projects (longer lists per endpoint).
        case records
    }

    /// Environment variable that carries the client secret to `bench pull-child`.
    public static let secretVariable = "ML_CONNECTOR_BENCH_PROCORE_SECRET"

    /// The pass mark: the large run's peak may be at most this many times the small run's.
    public static let limit = 1.3

    public static func run(projects: Int = 5, recordsPerProject: Int = 2000, factor: Int = 10,
                           scale: Scale = .projects, perPage: Int = 1000, concurrency: Int = 4,
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> MemoryComparison {
        guard projects >= 1, recordsPerProject >= 1 else {
            throw ChildProcess.Failure(description: "projects and records per project must be at least 1 (got \(projects) and \(recordsPerProject))")
        }
        guard factor >= 2 else { throw ChildProcess.Failure(description: "factor must be at least 2 (got \(factor))") }
        let executable = try ChildProcess.currentExecutable()
        let largeProjects = scale == .projects ? projects * factor : projects
        let largeRecords = scale == .records ? recordsPerProject * factor : recordsPerProject
        progress?("pull at \(projects * recordsPerProject) records (\(projects) projects x \(recordsPerProject))…")
        let small = try await pullInChildren(executable: executable, projects: projects, recordsPerProject: recordsPerProject,
                                             perPage: perPage, concurrency: concurrency)
        progress?("pull at \(largeProjects * largeRecords) records (\(largeProjects) projects x \(largeRecords))…")
        let large = try await pullInChildren(executable: executable, projects: largeProjects, recordsPerProject: largeRecords,
                                             perPage: perPage, concurrency: concurrency)
        guard let smallPeak = small.peakResidentMiB, let largePeak = large.peakResidentMiB else {
            throw ChildProcess.Failure(description: "the pull child could not read its peak memory (/proc/self/status VmHWM); this benchmark needs Linux")
        }
        var smallReport = small.report, largeReport = large.report
        smallReport.benchmark = "pull (child process), \(small.recordsStaged) records"
        largeReport.benchmark = "pull (child process), \(large.recordsStaged) records"
        return MemoryComparison(benchmark: "pull memory (scale: \(scale.rawValue), per page \(perPage))", unit: "records",
                                smallSize: small.recordsStaged, largeSize: large.recordsStaged,
                                smallPeakMiB: smallPeak, largePeakMiB: largePeak, limit: limit,
                                small: smallReport, large: largeReport)
    }

    /// Starts `sandbox procore` on a free port, waits until it answers, runs `bench pull-child`
    /// against it, stops the sandbox and returns the child's figures.
    static func pullInChildren(executable: String, projects: Int, recordsPerProject: Int, perPage: Int,
                               concurrency: Int) async throws -> PullBenchmarkFigures {
        let defaults = ProcoreSandboxConfiguration()
        let port = try ChildProcess.freeLoopbackPort()
        let sandbox = try BackgroundChild(executable, ["sandbox", "procore", "--port", String(port),
                                                       "--projects", String(projects),
                                                       "--records-per-project", String(recordsPerProject)])
        do {
            let baseURL = "http://127.0.0.1:\(port)"
            try await waitUntilAnswering(baseURL + "/_sandbox/stats", child: sandbox)
            let (status, output) = try await ChildProcess.run(executable, [
                "bench", "pull-child", "--base-url", baseURL, "--company-id", String(defaults.companyID),
                "--client-id", defaults.clientID, "--projects", String(projects),
                "--records-per-project", String(recordsPerProject), "--per-page", String(perPage),
                "--concurrency", String(concurrency),
            ], environment: [secretVariable: defaults.clientSecret])
            guard status == 0 else {
                throw ChildProcess.Failure(description: "the pull child process exited with status \(status) (its error is printed above)")
            }
            let figures: PullBenchmarkFigures
            do {
                figures = try JSONDecoder().decode(PullBenchmarkFigures.self, from: output)
            } catch {
                throw ChildProcess.Failure(description: "the pull child printed no readable figures (\(error)): \(String(decoding: output.prefix(300), as: UTF8.self))")
            }
            await sandbox.stop()
            return figures
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// Polls `url` until it answers 2xx (the sandbox generates its data before listening).
    static func waitUntilAnswering(_ url: String, child: BackgroundChild, timeout: Duration = .seconds(300)) async throws {
        let http = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(1), timeout: .seconds(5)))
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard child.isRunning else {
                throw ChildProcess.Failure(description: "the Procore sandbox child process exited before answering; its output: \(child.outputTail)")
            }
            if let response = try? await http.send(HTTPRequest(method: .get, url: url)), response.isSuccess { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ChildProcess.Failure(description: "the Procore sandbox did not answer \(url) within \(timeout); its output: \(child.outputTail)")
    }
}
