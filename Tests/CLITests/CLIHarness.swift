import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ml-connector` as a child process, as cron or systemd would.
enum CLI {
    /// The package's root folder (for README.md, docs/, templates/, Sources/).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `ml-connector` next to the test bundle, or in the package's build folder.
    static let binary: String? = {
        var candidates: [String] = []
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ml-connector").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("ml-connector").path)
        candidates.append(root.appendingPathComponent(".build/debug/ml-connector").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let missingBinary = "build the CLI first (swift build --product ml-connector); these tests run it as a child process"

    /// What one run printed and how it ended.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
        var description: String { "exit \(status)\n--- stdout\n\(stdout.prefix(4000))\n--- stderr\n\(stderr.prefix(4000))" }
    }

    /// Variables a test must set itself: a secret inherited from the shell would hide a missing one.
    static let cleared = ["PROCORE_CLIENT_SECRET", "SAGE_AGENT_API_KEY", "SAGE_EBUSINESS_PASSWORD",
                          "ML_DEMO_PROCORE_CLIENT_SECRET", "ML_DEMO_SAGE_AGENT_KEY", "ML_DEMO_EBUSINESS_PASSWORD",
                          "ML_CONNECTOR_VAULT_KEY", "ML_CONNECTOR_VAULT_KEY_FILE"]

    /// Runs the built ml-connector with `arguments` with `environment` added to a cleaned copy of this
    /// process's, `CI=1` (no live progress), and waits for it to end. A run that takes longer
    /// than `timeout` is killed and recorded as an issue (status -1).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(180),
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        let binary = try #require(binary, Comment(rawValue: missingBinary), sourceLocation: sourceLocation)
        let files = try OutputFiles()
        defer { withExtendedLifetime(files) {} }  // the folder stays until the output is read
        let out = files.stdout, err = files.stderr

        let process = makeProcess(binary, arguments, environment: environment, stdout: out, stderr: err)

        let ended = Ended()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                ended.mark()
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            // A watchdog, not a synchronisation: a hung command fails the test instead of hanging it.
            Task {
                try? await Task.sleep(for: timeout)
                if !ended.isMarked { kill(pid, SIGKILL) }
            }
        }
        let result = Result(status: status,
                            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        if process.terminationReason == .uncaughtSignal {
            Issue.record("ml-connector \(arguments.joined(separator: " ")) was killed (signal \(status)) after \(timeout): \(result)",
                         sourceLocation: sourceLocation)
            return Result(status: -1, stdout: result.stdout, stderr: result.stderr)
        }
        return result
    }

    /// Starts the built ml-connector with `arguments` (a server command), waits until its output says
    /// "listening on", sends `signal` and waits for it to end. A command that never listens or
    /// does not end within `timeout` is killed (status -1).
    static func runUntilListening(_ arguments: [String], thenSend signal: Int32, timeout: Duration = .seconds(60),
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        let binary = try #require(binary, Comment(rawValue: missingBinary), sourceLocation: sourceLocation)
        let files = try OutputFiles()
        defer { withExtendedLifetime(files) {} }  // the folder stays until the output is read
        let out = files.stdout, err = files.stderr
        let process = makeProcess(binary, arguments, environment: [:], stdout: out, stderr: err)
        try process.run()
        let pid = process.processIdentifier
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        // Poll the output for the ready line (the condition), not a fixed sleep.
        while !((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains("listening on") {
            guard process.isRunning, clock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(pid, signal) }
        while process.isRunning {
            if clock.now >= deadline { kill(pid, SIGKILL) }
            try await Task.sleep(for: .milliseconds(20))
        }
        let result = Result(status: process.terminationStatus,
                            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        if process.terminationReason == .uncaughtSignal {
            Issue.record("ml-connector \(arguments.joined(separator: " ")) ended by signal \(result.status): \(result)",
                         sourceLocation: sourceLocation)
            return Result(status: -1, stdout: result.stdout, stderr: result.stderr)
        }
        return result
    }

    /// `binary arguments…` with `environment` added to a cleaned copy of this process's and
    /// `CI=1`, its output going to the files `stdout` and `stderr`; not started yet.
    static func makeProcess(_ binary: String, _ arguments: [String], environment: [String: String],
                            stdout: String, stderr: String) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for name in cleared { variables[name] = nil }
        variables["CI"] = "1"
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        process.standardInput = FileHandle.nullDevice
        return process
    }

    /// A temporary folder with the files a child writes its standard output and error to,
    /// removed when the value goes away.
    final class OutputFiles {
        let folder = NSTemporaryDirectory() + "cli-output-\(UUID().uuidString)"
        var stdout: String { folder + "/stdout" }
        var stderr: String { folder + "/stderr" }

        init() throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: stdout, contents: nil)
            FileManager.default.createFile(atPath: stderr, contents: nil)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Set once the child has ended.
    final class Ended: @unchecked Sendable {
        private let lock = NSLock()
        private var marked = false
        func mark() { lock.lock(); marked = true; lock.unlock() }
        var isMarked: Bool { lock.lock(); defer { lock.unlock() }; return marked }
    }
}
