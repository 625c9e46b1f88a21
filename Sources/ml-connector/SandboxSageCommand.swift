import ArgumentParser

// Placeholder until the command lands.
struct SandboxSageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sage", abstract: "(not yet available)")
    func run() async throws { throw ValidationError("'sage' is not available yet") }
}
