import ArgumentParser

/// `ml-connector sandbox …`: run a local stand-in for Procore or the Sage 100 agent.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local Procore sandbox or Sage 100 agent simulator.",
        subcommands: [SandboxProcoreCommand.self, SandboxSageCommand.self]
    )
}
