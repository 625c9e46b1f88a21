import Testing
@testable import Connector

/// A short fuzz run of every parser that reads what others write (the long one is
/// `ml-connector fuzz --all --iterations 100000`): no crash, no hang, every bad input refused
/// with the parser's own error type, and the seeds themselves accepted.
@Suite("Fuzzing the parsers of outside input")
struct FuzzTests {
    @Test("3,000 mutated inputs: accepted or refused with a typed error, none slower than 1 s", arguments: FuzzTargets.all.map(\.name))
    func target(_ name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let report = Fuzzer.run(target, iterations: 3_000, seed: 20261206)
        #expect(report.seedsRefused == 0, "the seeds of \(name) must be valid inputs")
        #expect(report.untyped.isEmpty, "\(report.untyped.prefix(3))")
        #expect(report.hangs == 0, "slowest \(report.slowestMilliseconds) ms")
        #expect(report.refused > 100, "the mutations must reach the parser's refusals: \(report.refusedBy)")
        #expect(report.accepted >= target.seeds.count)
    }

    @Test("the same seed gives the same inputs")
    func deterministic() {
        let target = FuzzTargets.all[0]
        var a = FuzzMutator(seed: 9, seeds: target.seeds, dictionary: target.dictionary)
        var b = FuzzMutator(seed: 9, seeds: target.seeds, dictionary: target.dictionary)
        var c = FuzzMutator(seed: 10, seeds: target.seeds, dictionary: target.dictionary)
        let first = (0..<50).map { _ in a.next() }
        #expect(first == (0..<50).map { _ in b.next() })
        #expect(first != (0..<50).map { _ in c.next() })
    }
}
