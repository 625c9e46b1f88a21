import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs this same executable (or another program) as a child process, so that a measured
/// figure such as peak resident memory belongs to one piece of work alone.
public enum ChildProcess {
    /// Why a child process could not give its result.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of the running executable (`/proc/self/exe`, else `argv[0]` made absolute).
    public static func currentExecutable() throws -> String {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
           FileManager.default.isExecutableFile(atPath: target) {
            return target
        }
        let first = CommandLine.arguments.first ?? ""
        let absolute = first.hasPrefix("/") ? first : FileManager.default.currentDirectoryPath + "/" + first
        let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        guard FileManager.default.isExecutableFile(atPath: resolved) else {
            throw Failure(description: "cannot find this program's own executable (tried /proc/self/exe and '\(first)'); run it by its full path")
        }
        return resolved
    }

    /// Runs `executable arguments…` to the end and returns its exit status and standard output.
    /// Standard error goes to this process's standard error (progress and errors stay visible).
    /// `environment` entries are added to this process's environment (use it for secrets:
    /// never put them on the command line, where `ps` shows them).
    public static func run(_ executable: String, _ arguments: [String],
                           environment: [String: String] = [:]) async throws -> (status: Int32, output: Data) {
        let (process, stdout) = try launch(executable, arguments, environment: environment)
        // Blocking reads run on a plain thread, not on the concurrency pool.
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, data))
            }
        }
    }

    /// Starts `executable arguments…` with `environment` added to this process's: standard
    /// output into the returned pipe, standard error inherited, no standard input.
    static func launch(_ executable: String, _ arguments: [String],
                       environment: [String: String] = [:]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start '\(executable) \(arguments.joined(separator: " "))': \(error.localizedDescription)")
        }
        return (process, stdout)
    }

    /// Starts `executable arguments…` with `environment` and `CI=1` added to this process's
    /// (quiet, no progress), standard output and error into the files given (created), else
    /// discarded, no standard input. For children the caller times or kills.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                             stdout: String? = nil, stderr: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        variables["CI"] = "1"
        process.environment = variables
        func handle(_ path: String?) -> FileHandle {
            guard let path, FileManager.default.createFile(atPath: path, contents: nil),
                  let file = FileHandle(forWritingAtPath: path) else { return FileHandle.nullDevice }
            return file
        }
        process.standardOutput = handle(stdout)
        process.standardError = handle(stderr)
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start '\(executable) \(arguments.joined(separator: " "))': \(error.localizedDescription)")
        }
        return process
    }

    /// A free TCP port on 127.0.0.1, picked by the kernel (bind to port 0, read it, close).
    public static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "cannot open a socket to find a free port (errno \(errno))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "cannot bind 127.0.0.1:0 to find a free port (errno \(errno))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "cannot read the port the kernel picked (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A long-running child process (a sandbox server) that is stopped with SIGTERM when done.
/// Its standard output is drained in the background; the last few KiB are kept for messages.
public final class BackgroundChild: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var tail = Data()
    private var finishedReading = false
    private let keep = 8192

    /// Starts `executable arguments…`; standard error is inherited.
    public init(_ executable: String, _ arguments: [String]) throws {
        let (process, stdout) = try ChildProcess.launch(executable, arguments)
        self.process = process
        let handle = stdout.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                tail.append(chunk)
                if tail.count > keep { tail.removeFirst(tail.count - keep) }
                lock.unlock()
            }
            lock.lock(); finishedReading = true; lock.unlock()
        }
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// True while the child runs.
    public var isRunning: Bool { process.isRunning }

    /// The last lines the child printed.
    public var outputTail: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: tail, as: UTF8.self)
    }

    /// Sends SIGTERM, waits up to `grace` for the child to exit, then SIGKILL.
    public func stop(grace: Duration = .seconds(5)) async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
