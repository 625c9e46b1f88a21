import ArgumentParser

// Placeholder until the command lands.
struct SandboxProcoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "procore", abstract: "(not yet available)")
    func run() async throws { throw ValidationError("'procore' is not available yet") }
}
