import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox commands run under one service group that owns SIGINT and SIGTERM: either signal
/// stops the server gracefully and the command exits 0 having said so.
@Suite("CLITests: sandbox commands stop on SIGINT and SIGTERM", .serialized,
       .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
struct SignalTests {
    @Test("a sandbox command stops on the signal, says so and exits 0",
          arguments: [(["sandbox", "procore", "--port", "0", "--projects", "1", "--records-per-project", "5"], SIGTERM),
                      (["sandbox", "procore", "--port", "0", "--projects", "1", "--records-per-project", "5"], SIGINT),
                      (["sandbox", "sage", "--port", "0"], SIGTERM)])
    func stopsOnSignal(arguments: [String], signal: Int32) async throws {
        let result = try await CLI.runUntilListening(arguments, thenSend: signal)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("listening on"), "\(result)")
        #expect(result.stdout.lowercased().contains("stopped"), "the command says it stopped: \(result)")
    }
}
