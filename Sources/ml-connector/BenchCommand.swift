import ArgumentParser

// Placeholder until the command lands.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not yet available)")
    func run() async throws { throw ValidationError("'bench' is not available yet") }
}
