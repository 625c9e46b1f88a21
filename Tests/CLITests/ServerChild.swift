import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A long-running `ml-connector` command (serve, webhooks serve) as a child process whose
/// output is read while it runs; waits are on conditions in that output, with a deadline.
final class ServerChild {
    let process: Process
    let files: CLI.OutputFiles
    let arguments: [String]

    init(_ arguments: [String], environment: [String: String]) throws {
        let binary = try #require(CLI.binary, Comment(rawValue: CLI.missingBinary))
        files = try CLI.OutputFiles()
        self.arguments = arguments
        process = CLI.makeProcess(binary, arguments, environment: environment, stdout: files.stdout, stderr: files.stderr)
        try process.run()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    var stdout: String { (try? String(contentsOfFile: files.stdout, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: files.stderr, encoding: .utf8)) ?? "" }

    /// Waits until `condition` holds on the standard output (polled), the child ends, or the deadline passes.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(120), _ condition: (String) -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition(stdout) { return true }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        let met = condition(stdout)
        if !met { Issue.record("ml-connector \(arguments.first ?? "") never showed \(what): \(stdout.suffix(3000))\n--- stderr\n\(stderr.suffix(3000))") }
        return met
    }

    /// Sends `signal` and waits for the child to end; returns its exit status (-1 if it had to be killed).
    func stop(_ signal: Int32 = SIGTERM, timeout: Duration = .seconds(60)) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            if clock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return -1
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        return process.terminationReason == .uncaughtSignal ? -1 : process.terminationStatus
    }
}
