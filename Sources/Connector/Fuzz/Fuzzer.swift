import Foundation

/// Runs fuzz targets and counts what happened.
public enum Fuzzer {
    /// An input that took longer than this counts as a hang.
    public static let hangLimit = Duration.seconds(1)

    /// What one target did with its inputs.
    public struct TargetReport: Sendable, Codable {
        public var target: String
        public var reads: String
        public var inputs: Int
        public var accepted: Int
        public var refused: Int
        /// Refusals by error type.
        public var refusedBy: [String: Int]
        /// Inputs the parser answered with an error that is not its own (each a finding).
        public var untyped: [String]
        /// Inputs slower than ``Fuzzer/hangLimit``.
        public var hangs: Int
        public var slowestMilliseconds: Double
        public var seconds: Double
        /// Seeds the parser refused (a seed must be valid, or the run proves little).
        public var seedsRefused: Int

        public var clean: Bool { untyped.isEmpty && hangs == 0 && seedsRefused == 0 }
    }

    /// Feeds `iterations` mutated inputs (after the seeds themselves) to `target`.
    public static func run(_ target: FuzzTarget, iterations: Int, seed: UInt64,
                           progress: ((Int) -> Void)? = nil) -> TargetReport {
        var report = TargetReport(target: target.name, reads: target.reads, inputs: 0, accepted: 0, refused: 0, refusedBy: [:],
                                  untyped: [], hangs: 0, slowestMilliseconds: 0, seconds: 0, seedsRefused: 0)
        let clock = ContinuousClock()
        let began = clock.now
        func feed(_ input: [UInt8]) -> FuzzOutcome {
            let start = clock.now
            let outcome = target.run(input)
            let took = clock.now - start
            let ms = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
            report.slowestMilliseconds = max(report.slowestMilliseconds, ms)
            if took > hangLimit { report.hangs += 1 }
            report.inputs += 1
            switch outcome {
            case .accepted: report.accepted += 1
            case .refused(let type):
                report.refused += 1
                report.refusedBy[type, default: 0] += 1
            case .untyped(let what):
                if report.untyped.count < 20 { report.untyped.append(what) }
            }
            return outcome
        }
        for seedInput in target.seeds where feed(seedInput) != .accepted { report.seedsRefused += 1 }
        var mutator = FuzzMutator(seed: seed, seeds: target.seeds, dictionary: target.dictionary)
        for i in 0..<iterations {
            _ = feed(mutator.next())
            if let progress, i % 10_000 == 9_999 { progress(i + 1) }
        }
        let total = clock.now - began
        report.seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        return report
    }
}
