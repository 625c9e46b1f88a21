import ArgumentParser
import Benchmarks
import Foundation

extension BenchCommand {
    /// `bench incremental`: a run's cost after a small change, for a small and a large company.
    struct Incremental: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incremental",
            abstract: "Time `run` after touching 10 requisitions, for a small and a large company; print the ratio (target 1.5 at most).",
            discussion: """
            Each company is pulled and run once through both sandboxes (in this process, over \
            127.0.0.1, a real ledger file), then --touch requisitions change in Procore and the \
            next `run` is timed; with --repeat N that is done N times and the median is the figure \
            (each repeat touches new requisitions). The issue's sizes are the defaults: 4 projects \
            x 500 records and 4 x 10,000. Build with `swift build -c release` first.
            """)

        @Option(help: "Projects in each company.") var projects = 4
        @Option(name: .customLong("small-records"), help: "Records per project of the small company.") var smallRecords = 500
        @Option(name: .customLong("large-records"), help: "Records per project of the large company.") var largeRecords = 10_000
        @Option(help: "Requisitions touched before the timed run.") var touch = 10
        @Option(name: .customLong("repeat"), help: "Incremental runs timed per company; the median is reported.") var repeats = 3
        @Option(help: "Keep each company's folder (ledger, staging, outbox, reports) under this folder.") var keep: String?
        @Flag(help: "Print the figures as JSON.") var json = false

        func validate() throws {
            guard projects >= 1 else { throw ValidationError("--projects must be at least 1") }
            guard smallRecords >= 50, largeRecords >= smallRecords else {
                throw ValidationError("--small-records must be at least 50 and --large-records at least --small-records")
            }
            guard touch >= 1 else { throw ValidationError("--touch must be at least 1") }
            guard (1...20).contains(repeats) else { throw ValidationError("--repeat must be from 1 to 20") }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                let figures = try await IncrementalBenchmark.run(projects: projects, smallRecords: smallRecords,
                                                                 largeRecords: largeRecords, touch: touch, repeats: repeats, keep: keep,
                                                                 progress: BenchCommand.progress(json))
                try BenchCommand.emit(figures, table: figures.report.table, json: json)
            }
        }
    }
}
