import Connector
import Demo
import Foundation

/// `ml-connector bench incremental`: a run's cost must follow what changed, not the company's
/// history. Two companies (a small and a large one) are each pulled and run once through both
/// sandboxes (in this process, over loopback, a real ledger file), then 10 requisitions are
/// touched in Procore and `run` is timed again. The ratio of the two incremental times is the
/// figure: the large company has 20 times the history, and its incremental run should cost
/// about what the small one's does (target: at most 1.5).
public enum IncrementalBenchmark {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One company's figures.
    public struct Company: Sendable, Codable {
        public var projects: Int
        public var recordsPerProject: Int
        public var firstRunSeconds: Double
        public var versionsStored: Int
        public var touched: Int
        /// The median of ``incrementalRuns``.
        public var incrementalSeconds: Double
        /// Each timed incremental run, in order.
        public var incrementalRuns: [Double]
        /// Versions the incremental transform read, and invalid records it checked again.
        public var incrementalVersions: Int
        public var incrementalRechecked: Int
        public var incrementalExit: Int32
        /// Seconds each stage of the incremental run took.
        public var incrementalStages: [String: Double]
    }

    public struct Figures: Sendable, Codable {
        public var small: Company
        public var large: Company
        /// large.incrementalSeconds / small.incrementalSeconds.
        public var ratio: Double
        public var target: Double

        public var report: BenchReport {
            var figures: [BenchFigure] = []
            for (name, company) in [("small", small), ("large", large)] {
                figures.append(BenchFigure("\(name): first run (pull + transform + post + reconcile)", company.firstRunSeconds, "s"))
                figures.append(BenchFigure("\(name): source versions in the ledger", Double(company.versionsStored), "versions"))
                figures.append(BenchFigure("\(name): run after touching \(company.touched) requisitions (median of \(company.incrementalRuns.count))", company.incrementalSeconds, "s"))
                if company.incrementalRuns.count > 1 {
                    figures.append(BenchFigure("\(name):   fastest", company.incrementalRuns.min() ?? 0, "s"))
                    figures.append(BenchFigure("\(name):   slowest", company.incrementalRuns.max() ?? 0, "s"))
                }
                figures.append(BenchFigure("\(name): versions the incremental transform read", Double(company.incrementalVersions), "versions"))
                for stage in PayCycleStage.allCases {
                    if let seconds = company.incrementalStages[stage.rawValue] {
                        figures.append(BenchFigure("\(name):   \(stage.rawValue)", seconds, "s"))
                    }
                }
            }
            figures.append(BenchFigure("ratio large / small (incremental run)", (ratio * 100).rounded() / 100, "x"))
            figures.append(BenchFigure("target", target, "x at most"))
            figures.append(BenchFigure("within target", ratio <= target ? 1 : 0, "(1 = yes)"))
            return BenchReport(benchmark: "incremental run: cost follows what changed",
                               parameters: ["small": "\(small.projects) x \(small.recordsPerProject)",
                                            "large": "\(large.projects) x \(large.recordsPerProject)"],
                               figures: figures)
        }
    }

    /// `keep`: a folder to leave each company's demo folder in (ledger, outbox, staging) for a
    /// look afterwards; nil removes them.
    public static func run(projects: Int = 4, smallRecords: Int = 500, largeRecords: Int = 10_000, touch: Int = 10,
                           repeats: Int = 3, keep: String? = nil,
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> Figures {
        let small = try await measure(projects: projects, records: smallRecords, touch: touch, repeats: repeats, keep: keep,
                                      progress: progress)
        let large = try await measure(projects: projects, records: largeRecords, touch: touch, repeats: repeats, keep: keep,
                                      progress: progress)
        return Figures(small: small, large: large, ratio: large.incrementalSeconds / max(small.incrementalSeconds, 1e-9),
                       target: 1.5)
    }

    static func measure(projects: Int, records: Int, touch: Int, repeats: Int, keep: String?,
                        progress: (@Sendable (String) -> Void)?) async throws -> Company {
        let folder = keep.map { "\($0)/\(projects)x\(records)" }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("ml-connector-incremental-\(UUID().uuidString)").path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
        progress?("company of \(projects) x \(records) records: starting both sandboxes…")
        let env = try await DemoEnvironment.start(directory: folder, options: .init(projects: projects, recordsPerProject: records))
        do {
            let company = try await measure(env, projects: projects, records: records, touch: touch, repeats: repeats,
                                            progress: progress)
            await env.stop()
            return company
        } catch {
            await env.stop()
            throw error
        }
    }

    static func measure(_ env: DemoEnvironment, projects: Int, records: Int, touch: Int, repeats: Int,
                        progress: (@Sendable (String) -> Void)?) async throws -> Company {
        let clock = ContinuousClock()

        progress?("\(projects) x \(records): first run (pull, transform, post, reconcile)…")
        var start = clock.now
        let first = await PayCycle(configuration: try env.configuration()).run()
        let firstSeconds = seconds(clock.now - start)
        guard first.exitCode != 1 else { throw Failure(description: "the first run stopped: \(first.headline)") }
        let ledger = try PayCycle(configuration: try env.configuration()).openLedger()
        let stored = try ledger.sourceVersionCount()

        var timed: [(seconds: Double, summary: PayCycleSummary, touched: Int)] = []
        for round in 1...repeats {
            let touched = await env.procore.touch(resource: "requisitions", count: touch)
            progress?("\(projects) x \(records): \(touched.count) requisitions touched; timing run \(round) of \(repeats)…")
            start = clock.now
            let summary = await PayCycle(configuration: try env.configuration()).run()
            let elapsed = seconds(clock.now - start)
            guard summary.exitCode != 1 else { throw Failure(description: "the incremental run stopped: \(summary.headline)") }
            timed.append((elapsed, summary, touched.count))
        }
        // The median run (the lower middle one for an even count) gives the figure and its stages.
        let median = timed.sorted { $0.seconds < $1.seconds }[(timed.count - 1) / 2]
        let transform = median.summary.transforms.first
        return Company(projects: projects, recordsPerProject: records, firstRunSeconds: firstSeconds, versionsStored: stored,
                       touched: median.touched, incrementalSeconds: median.seconds, incrementalRuns: timed.map(\.seconds),
                       incrementalVersions: transform.map { Int($0.versionsThrough - $0.versionsFrom + 1) } ?? 0,
                       incrementalRechecked: transform?.rechecked ?? 0, incrementalExit: median.summary.exitCode,
                       incrementalStages: median.summary.stages.compactMapValues(\.seconds))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
