import ArgumentParser
import Connector
import Foundation
import HTTP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `ml-connector` command: moves construction financials from Procore into Sage 100.
@main
struct MLConnector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml-connector",
        abstract: "Move Procore commitments, requisitions, change orders and payments into Sage 100.",
        discussion: """
        A pay cycle is: replay (corrections in inbox/), pull (Procore -> staging/), transform \
        (staging/ -> outbox/), post (outbox/ -> Sage 100 through the agent), reconcile (a report \
        in outbox/). `run` does all of it; each stage also runs alone. Every command reads the \
        same connector.yml and asks only for the secrets it uses. The sandboxes stand in for \
        Procore and the Sage 100 agent when no real system is reachable.

        First time? `ml-connector demo` runs a whole pay cycle against both sandboxes.
        Exit codes, the same for every command: 0 done (reconciled); 1 fatal; 2 configuration \
        or usage; 3 partial pull; 4 exceptions need a person; 5 busy (another run holds a lock; \
        the message names it).
        """,
        version: ProductVersion.current,
        subcommands: [RunCommand.self, PullCommand.self, TransformCommand.self, PostCommand.self,
                      ReconcileCommand.self, ReplayCommand.self, ApproveCommand.self, RejectCommand.self,
                      ServeCommand.self, StatusCommand.self, LedgerCommand.self, MapCommand.self, ReferenceCommand.self, PingCommand.self, InitCommand.self, DemoCommand.self,
                      SandboxCommand.self, BenchCommand.self, FuzzCommand.self, SecretsCommand.self, WebhooksCommand.self]
    )

    /// Parses, runs the command, and ends the process with the status of the exit code table.
    /// The one place where an outcome or an error becomes the process's exit code.
    static func main() async {
        // Lines reach a log (journald, a file) as they are written, not when a buffer fills.
        lineBufferStandardOutput()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let status: ExitStatus
        do {
            try checkHelpTopic(arguments)
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = .done
        } catch {
            status = report(error)
        }
        terminate(status)
    }

    /// Prints what an error says (and its fix) and returns the status it ends the process with.
    static func report(_ error: any Error) -> ExitStatus {
        switch error {
        case let status as ExitStatus:
            return status   // the command printed its result already
        case let failure as any ConnectorFailure:
            CLI.fail(failure.description)
            if let fix = failure.fix { CLI.printError("fix: " + fix) }
            return failure.exitStatus
        default:
            break
        }
        // ArgumentParser's own outcomes: help and --version (0), usage and validation errors
        // (its 64 is our 2), an ExitCode a command threw; anything else is fatal.
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            return .done
        }
        if code == .validationFailure {
            CLI.printError(message)
            return .configuration
        }
        if error is ExitCode {
            return ExitStatus(rawValue: code.rawValue) ?? .fatal
        }
        CLI.fail("\(error)")
        return .fatal
    }

    /// The `help` word (ArgumentParser's, before a command path) must name real commands;
    /// ArgumentParser alone would show the root help and exit 0 for `help bogus`.
    static func checkHelpTopic(_ arguments: [String]) throws {
        guard arguments.first == "help" else { return }
        var subcommands = MLConnector.configuration.subcommands
        var path = "ml-connector"
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            var names: [String] = []
            var found: [ParsableCommand.Type]?
            for sub in subcommands {
                let configuration = sub.configuration
                let name = configuration.commandName ?? ""
                names.append(name)
                if name == word { found = configuration.subcommands }
            }
            guard let next = found else {
                throw CLIFailure.usage("`\(path)` has no command '\(word)'",
                                 fix: "choose one of \(names.joined(separator: ", ")); `\(path) --help` describes them")
            }
            subcommands = next
            path += " " + word
        }
    }
}

/// Makes the C `stdout` stream (what `print` writes to) line-buffered, also when it is not a
/// terminal: `setvbuf(stdout, nil, _IOLBF, 0)`. Swift 6 refuses to read the C global `stdout`
/// (shared mutable state), so the stream is looked up by its symbol.
private func lineBufferStandardOutput() {
    #if canImport(Darwin)
    let name = "__stdoutp"
    let handle = UnsafeMutableRawPointer(bitPattern: -2)   // RTLD_DEFAULT
    #else
    let name = "stdout"
    let handle = UnsafeMutableRawPointer(bitPattern: 0)    // RTLD_DEFAULT
    #endif
    guard let symbol = dlsym(handle, name),
          let stream = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee else { return }
    setvbuf(stream, nil, _IOLBF, 0)
}

/// Ends the process with `status` (the C library's exit flushes standard output).
private func terminate(_ status: ExitStatus) -> Never {
    exit(status.rawValue)
}

/// An error the CLI itself finds, with its exit status: a flag or argument that cannot be used
/// (``usage(_:fix:)``, exit 2), or a command that could not do what it was asked for another
/// reason (``failure(_:fix:)``, exit 1).
struct CLIFailure: ConnectorFailure {
    var message: String
    var fix: String?
    var exitStatus: ExitStatus
    var description: String { message }

    static func usage(_ message: String, fix: String? = nil) -> CLIFailure {
        CLIFailure(message: message, fix: fix, exitStatus: .configuration)
    }

    static func failure(_ message: String, fix: String? = nil) -> CLIFailure {
        CLIFailure(message: message, fix: fix, exitStatus: .fatal)
    }
}
