import Foundation

/// Peak memory of the same work at two sizes, each measured in its own process: memory is
/// "flat" when the bigger run's peak stays within `limit` times the smaller run's.
public struct MemoryComparison: Sendable, Codable {
    /// What was measured, e.g. "pull memory".
    public var benchmark: String
    /// What grows between the two runs, e.g. "records".
    public var unit: String
    public var smallSize: Int
    public var largeSize: Int
    /// Peak resident memory (VmHWM) of the child process that did the work, in MiB.
    public var smallPeakMiB: Double
    public var largePeakMiB: Double
    /// The largest acceptable `largePeakMiB / smallPeakMiB`.
    public var limit: Double
    /// The figures of each run, as the child reported them.
    public var small: BenchReport
    public var large: BenchReport

    enum CodingKeys: String, CodingKey {
        case benchmark, unit, limit, small, large, ratio, passed
        case smallSize = "small_size", largeSize = "large_size"
        case smallPeakMiB = "small_peak_rss_mib", largePeakMiB = "large_peak_rss_mib"
    }

    public init(benchmark: String, unit: String, smallSize: Int, largeSize: Int, smallPeakMiB: Double,
                largePeakMiB: Double, limit: Double, small: BenchReport, large: BenchReport) {
        self.benchmark = benchmark
        self.unit = unit
        self.smallSize = smallSize
        self.largeSize = largeSize
        self.smallPeakMiB = smallPeakMiB
        self.largePeakMiB = largePeakMiB
        self.limit = limit
        self.small = small
        self.large = large
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        benchmark = try c.decode(String.self, forKey: .benchmark)
        unit = try c.decode(String.self, forKey: .unit)
        smallSize = try c.decode(Int.self, forKey: .smallSize)
        largeSize = try c.decode(Int.self, forKey: .largeSize)
        smallPeakMiB = try c.decode(Double.self, forKey: .smallPeakMiB)
        largePeakMiB = try c.decode(Double.self, forKey: .largePeakMiB)
        limit = try c.decode(Double.self, forKey: .limit)
        small = try c.decode(BenchReport.self, forKey: .small)
        large = try c.decode(BenchReport.self, forKey: .large)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(benchmark, forKey: .benchmark)
        try c.encode(unit, forKey: .unit)
        try c.encode(smallSize, forKey: .smallSize)
        try c.encode(largeSize, forKey: .largeSize)
        try c.encode(smallPeakMiB, forKey: .smallPeakMiB)
        try c.encode(largePeakMiB, forKey: .largePeakMiB)
        try c.encode(limit, forKey: .limit)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(passed, forKey: .passed)
        try c.encode(small, forKey: .small)
        try c.encode(large, forKey: .large)
    }

    /// Large peak divided by small peak (0 when the small peak is unknown).
    public var ratio: Double { smallPeakMiB > 0 ? largePeakMiB / smallPeakMiB : 0 }

    /// True when both peaks are known and the ratio is within the limit.
    public var passed: Bool { smallPeakMiB > 0 && largePeakMiB > 0 && ratio <= limit }

    /// The verdict line: PASS or FAIL with the figures.
    public var verdict: String {
        let r = String(format: "%.2f", ratio)
        let growth = String(format: "%.0f", Double(largeSize) / Double(max(smallSize, 1)))
        return (passed ? "PASS" : "FAIL")
            + ": \(growth)x the \(unit) took \(r)x the peak memory (limit \(String(format: "%.2f", limit))x)"
    }

    /// A plain-text account: both runs' figures, then the comparison and the verdict.
    public var table: String {
        let summary = BenchReport(benchmark: benchmark, parameters: ["limit": String(limit)], figures: [
            BenchFigure("peak RSS at \(smallSize) \(unit)", smallPeakMiB, "MiB"),
            BenchFigure("peak RSS at \(largeSize) \(unit)", largePeakMiB, "MiB"),
            BenchFigure("ratio", ratio, "x"),
        ])
        return [small.table, large.table, summary.table, verdict].joined(separator: "\n\n")
    }
}
