import ArgumentParser

// Placeholder until the command lands.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "(not yet available)")
    func run() async throws { throw ValidationError("'pull' is not available yet") }
}
