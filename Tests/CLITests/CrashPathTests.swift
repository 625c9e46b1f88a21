import Benchmarks
import Foundation
import Testing

/// The crash harness on the long paths besides `run` (CrashTests has `run`): the built
/// ml-connector's `replay` of a fix sheet and its `reference` exchange (Sage checks to Procore
/// payments) are SIGKILLed at seeded random instants (each in a fresh company) and then finished: the same outcome as
/// without a kill, nothing twice, nothing open, the ledger intact. The release figures at 100
/// kills per path are in docs/benchmarks.md (`ml-connector bench crash`).
@Suite("CLITests: replay and reference killed with SIGKILL", .serialized,
       .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
struct CrashPathTests {
    @Test("killed at 8 random instants, then finished: the uninterrupted outcome, exactly once, ledger intact",
          arguments: [CrashBenchmark.Path.replay, .reference])
    func killedAndFinished(_ path: CrashBenchmark.Path) async throws {
        let figures = try await CrashBenchmark.run(path: path, kills: 8, seed: 20_261_207, binary: try #require(CLI.binary))
        #expect(figures.kills == 8)
        #expect(figures.killsWithWorkLeft > 0, "some kills hit the work itself: \(figures)")
        #expect(figures.written > 0, "\(figures)")
        #expect(figures.duplicates == 0, "\(figures)")
        #expect(figures.lost == 0 && figures.added == 0, "\(figures)")
        #expect(figures.unsettled == 0, "\(figures)")
        #expect(figures.integrityOK)
    }
}
