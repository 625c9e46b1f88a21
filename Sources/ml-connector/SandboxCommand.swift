import ArgumentParser
import Foundation
import Sandbox

/// `ml-connector sandbox …`: run a local stand-in for Procore or the Sage 100 agent.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local Procore sandbox or Sage 100 agent simulator.",
        subcommands: [SandboxProcoreCommand.self, SandboxSageCommand.self]
    )
}

extension SandboxCommand {
    /// Writes lines straight to standard output (unbuffered, so a supervising process or a log
    /// sees them while the sandbox runs).
    static func say(_ lines: [String]) {
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
extension HostileAnswer: ExpressibleByArgument {}
