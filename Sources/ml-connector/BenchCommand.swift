import ArgumentParser
import Benchmarks
import Connector
import Foundation

/// `ml-connector bench`: throughput and memory figures (see docs/benchmarks.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and memory of the pull, the Sage side and the transform.",
        discussion: """
        Every benchmark runs against the local sandboxes over 127.0.0.1 and temporary files \
        (removed afterwards), and prints its figures as a table, or as JSON with --json. \
        Progress goes to standard error. Build with `swift build -c release` for figures \
        comparable to production.
        """,
        subcommands: [Crash.self, Serve.self, Tenants.self, Pull.self, PullMemory.self, PullChild.self, Sage.self, Transform.self, TransformMemory.self,
                      Incremental.self]
    )

    /// Prints a report as its table or as JSON.
    static func emit<T: Encodable>(_ value: T, table: String, json: Bool) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data((table + "\n").utf8))
        }
    }

    /// Progress lines on standard error (silent with --json so machines read clean output).
    static func progress(_ json: Bool) -> (@Sendable (String) -> Void)? {
        if json { return nil }
        return { @Sendable line in FileHandle.standardError.write(Data(("… " + line + "\n").utf8)) }
    }

    /// Runs `body`; a failure ends the command with its message (exit 1 unless the error says otherwise).
    static func guarded(_ body: () async throws -> Void) async throws {
        try await body()
    }
}

extension BenchCommand {
    /// `bench pull`: a full and an unchanged pull against an in-process Procore sandbox.
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull",
            abstract: "Pull throughput: records/s, requests, tokens, peak RSS (sandbox in-process).",
            discussion: "The issue's size is 100,000 records: --projects 50 --records-per-project 2000 (the default).")

        @Option(help: "Projects in the sandbox company.") var projects = 50
        @Option(name: .customLong("records-per-project"), help: "Records per project across all resources.") var recordsPerProject = 2000
        @Option(name: .customLong("per-page"), help: "Records per page requested.") var perPage = 1000
        @Option(help: "Requests in flight at once.") var concurrency = 4
        @Flag(help: "Print the figures as JSON.") var json = false

        func validate() throws {
            guard projects >= 1, recordsPerProject >= 1 else { throw ValidationError("--projects and --records-per-project must be at least 1") }
            guard (1...10_000).contains(perPage) else { throw ValidationError("--per-page must be 1...10000 (got \(perPage))") }
            guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64 (got \(concurrency))") }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                BenchCommand.progress(json)?("pulling \(projects * recordsPerProject) records from an in-process sandbox…")
                let figures = try await PullBenchmark.run(projects: projects, recordsPerProject: recordsPerProject,
                                                          perPage: perPage, concurrency: concurrency)
                try BenchCommand.emit(figures, table: figures.report.table, json: json)
            }
        }
    }

    /// `bench pull-memory`: peak RSS of the pull at N and factor × N records, each in a child.
    struct PullMemory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull-memory",
            abstract: "Show that pull memory does not grow with the record count (PASS when ratio <= 1.3).",
            discussion: """
            Runs the pull twice, each in its own child process of this program, against a Procore \
            sandbox in another child process (`sandbox procore` on a free port), and compares the \
            pulling processes' peak RSS (VmHWM). Exits 4 on FAIL (a person reads the figures).
            """)

        @Option(help: "Projects of the small run.") var projects = 5
        @Option(name: .customLong("records-per-project"), help: "Records per project of the small run.") var recordsPerProject = 2000
        @Option(help: "How many times more records the large run pulls.") var factor = 10
        @Option(help: "What grows: projects (more projects) or records (more records per project).")
        var scale: PullMemoryBenchmark.Scale = .projects
        @Option(name: .customLong("per-page"), help: "Records per page requested.") var perPage = 1000
        @Option(help: "Requests in flight at once.") var concurrency = 4
        @Flag(help: "Print the comparison as JSON.") var json = false

        func validate() throws {
            guard projects >= 1, recordsPerProject >= 1 else { throw ValidationError("--projects and --records-per-project must be at least 1") }
            guard (2...100).contains(factor) else { throw ValidationError("--factor must be 2...100 (got \(factor))") }
            guard (1...10_000).contains(perPage) else { throw ValidationError("--per-page must be 1...10000 (got \(perPage))") }
        }

        func run() async throws {
            var comparison: MemoryComparison?
            try await BenchCommand.guarded {
                let result = try await PullMemoryBenchmark.run(projects: projects, recordsPerProject: recordsPerProject,
                                                               factor: factor, scale: scale, perPage: perPage,
                                                               concurrency: concurrency, progress: BenchCommand.progress(json))
                try BenchCommand.emit(result, table: result.table, json: json)
                comparison = result
            }
            if comparison?.passed == false { throw ExitStatus.needsPerson }
        }
    }

    /// `bench pull-child` (hidden): the pull against a Procore API elsewhere; prints JSON figures.
    struct PullChild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull-child",
            abstract: "Pull from a running Procore sandbox and print the figures as JSON (used by pull-memory).",
            discussion: "The client secret is read from the environment variable \(PullMemoryBenchmark.secretVariable).",
            shouldDisplay: false)

        @Option(name: .customLong("base-url"), help: "Procore API and OAuth base URL, e.g. http://127.0.0.1:4010.") var baseURL: String
        @Option(name: .customLong("company-id"), help: "Procore company id.") var companyID: Int64
        @Option(name: .customLong("client-id"), help: "OAuth client id.") var clientID: String
        @Option(help: "Projects (labels the figures).") var projects = 0
        @Option(name: .customLong("records-per-project"), help: "Records per project (labels the figures).") var recordsPerProject = 0
        @Option(name: .customLong("per-page"), help: "Records per page requested.") var perPage = 1000
        @Option(help: "Requests in flight at once.") var concurrency = 4

        func validate() throws {
            guard baseURL.hasPrefix("http://127.0.0.1:") || baseURL.hasPrefix("https://127.0.0.1:") else {
                throw ValidationError("--base-url must be a loopback URL such as http://127.0.0.1:4010 (got '\(baseURL)')")
            }
            guard ProcessInfo.processInfo.environment[PullMemoryBenchmark.secretVariable]?.isEmpty == false else {
                throw ValidationError("set the client secret in the environment variable \(PullMemoryBenchmark.secretVariable)")
            }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                let secret = ProcessInfo.processInfo.environment[PullMemoryBenchmark.secretVariable] ?? ""
                let figures = try await ExternalPullBenchmark.run(
                    .init(baseURL: baseURL, companyID: companyID, clientID: clientID, clientSecret: secret),
                    projects: projects, recordsPerProject: recordsPerProject, perPage: perPage, concurrency: concurrency)
                try BenchCommand.emit(figures, table: "", json: true)
            }
        }
    }

    /// `bench sage`: VI batch writing, SOAP envelopes, posting against the agent simulator.
    struct Sage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sage",
            abstract: "VI batch records/s, SOAP envelopes/s, and posting wall time vs the serial floor at 0 % and 20 % locks.",
            discussion: "The issue's size is 500 invoices: --invoices 500.")

        @Option(help: "AP invoices (and envelopes) per part.") var invoices = 1000
        @Option(name: .customLong("write-latency-ms"), help: "Simulated Sage write time per record, in milliseconds.") var writeLatencyMs = 2
        @Flag(help: "Print the figures as JSON.") var json = false

        func validate() throws {
            guard invoices >= 1 else { throw ValidationError("--invoices must be at least 1") }
            guard (0...1000).contains(writeLatencyMs) else { throw ValidationError("--write-latency-ms must be 0...1000 (got \(writeLatencyMs))") }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                let reports = try await SageBenchmark.run(invoices: invoices, writeLatency: .milliseconds(writeLatencyMs),
                                                          progress: BenchCommand.progress(json))
                try BenchCommand.emit(reports, table: reports.map(\.table).joined(separator: "\n\n"), json: json)
            }
        }
    }

    /// `bench transform`: transform + validate + ledger, then reconciliation, in this process.
    struct Transform: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transform",
            abstract: "Transform throughput (requisition lines/s), peak RSS and reconciliation time.",
            discussion: "The issue's sizes are --lines 100000 (the default) and --lines 1000000.")

        @Option(help: "Requisition contract items in total.") var lines = 100_000
        @Option(name: .customLong("lines-per-requisition"), help: "Contract items per requisition (1...999).") var linesPerRequisition = 50
        @Flag(name: .customLong("no-reconcile"), help: "Skip the reconciliation part.") var noReconcile = false
        @Flag(help: "Print the figures as JSON.") var json = false

        func validate() throws {
            guard lines >= 1 else { throw ValidationError("--lines must be at least 1") }
            guard (1...999).contains(linesPerRequisition) else { throw ValidationError("--lines-per-requisition must be 1...999") }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                let figures = try await TransformBenchmark.run(lines: lines, linesPerRequisition: linesPerRequisition,
                                                               reconcile: !noReconcile, progress: BenchCommand.progress(json))
                try BenchCommand.emit(figures, table: figures.report.table, json: json)
            }
        }
    }

    /// `bench transform-memory`: peak RSS of the transform at N and factor × N lines, each in a child.
    struct TransformMemory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transform-memory",
            abstract: "Compare the transform's peak RSS at N and factor x N lines, each in its own child process.",
            discussion: "The issue's sizes: --lines 100000 --factor 10 (the default). Exits 4 when the ratio exceeds 1.3.")

        @Option(help: "Lines of the small run.") var lines = 100_000
        @Option(help: "How many times more lines the large run has.") var factor = 10
        @Option(name: .customLong("lines-per-requisition"), help: "Contract items per requisition (1...999).") var linesPerRequisition = 50
        @Flag(name: .customLong("no-reconcile"), help: "Skip the reconciliation part.") var noReconcile = false
        @Flag(help: "Print the comparison as JSON.") var json = false

        func validate() throws {
            guard lines >= 1 else { throw ValidationError("--lines must be at least 1") }
            guard (2...100).contains(factor) else { throw ValidationError("--factor must be 2...100 (got \(factor))") }
        }

        func run() async throws {
            var comparison: MemoryComparison?
            try await BenchCommand.guarded {
                let result = try await TransformBenchmark.compareMemory(
                    lines: lines, factor: factor, linesPerRequisition: linesPerRequisition, reconcile: !noReconcile,
                    progress: BenchCommand.progress(json))
                try BenchCommand.emit(result, table: result.table, json: json)
                comparison = result
            }
            if comparison?.passed == false { throw ExitStatus.needsPerson }
        }
    }
}

extension PullMemoryBenchmark.Scale: ExpressibleByArgument {}

extension BenchCommand {
    /// `bench crash`: the crash harness, a long path SIGKILLed at random instants then finished.
    struct Crash: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crash",
            abstract: "SIGKILL run, replay of a fix sheet, the reference exchange, or serve under a webhook burst at random instants; then finish and count duplicates, losses and integrity.",
            discussion: """
            Runs this executable as the child it kills, against both sandboxes in this process; \
            the outcome is compared with the same work done without a kill. The issue's size is \
            --kills 100 per path on a release build:
              swift build -c release && .build/release/ml-connector bench crash --path all --kills 100
            """)

        @Option(help: ArgumentHelp("run, replay, reference, serve, or all.", valueName: "path")) var path = "all"
        @Option(help: "SIGKILLs per path.") var kills = 100
        @Option(help: "Seed of the kill instants: the same seed kills at the same instants.") var seed: UInt64 = 20_261_207
        @Flag(help: "Print the figures as JSON.") var json = false

        func validate() throws {
            guard path == "all" || CrashBenchmark.Path(rawValue: path) != nil else {
                throw ValidationError("--path must be run, replay, reference, serve or all (got '\(path)')")
            }
            guard (1...10_000).contains(kills) else { throw ValidationError("--kills must be 1...10000 (got \(kills))") }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                let paths = CrashBenchmark.Path(rawValue: path).map { [$0] } ?? CrashBenchmark.Path.allCases
                var figures: [CrashBenchmark.Figures] = []
                for p in paths {
                    figures.append(try await CrashBenchmark.run(path: p, kills: kills, seed: seed, progress: BenchCommand.progress(json)))
                }
                try BenchCommand.emit(figures, table: figures.map(\.report.table).joined(separator: "\n\n"), json: json)
            }
        }
    }
}

extension BenchCommand {
    /// `bench serve`: webhook-to-Sage latency of `ml-connector serve`, and the polling fallback.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Approve change orders and pay apps in the Procore sandbox one at a time; time each from approval to its document in Sage through serve.",
            discussion: """
            Both sandboxes run in this process, serve in its own, with the hooks registered. \
            --drop-rate 0.3 loses 30 % of the deliveries: the change order and pay app jobs \
            (every --fallback-s seconds) must post the rest. The issue's runs:
              .build/release/ml-connector bench serve
              .build/release/ml-connector bench serve --drop-rate 0.3
            """)

        @Option(name: .customLong("per-kind"), help: "Records approved per kind.") var perKind = 20
        @Option(name: .customLong("drop-rate"), help: "Share of webhook deliveries lost (0...1).") var dropRate = 0.0
        @Option(name: .customLong("fallback-s"), help: "Cadence of the change order and pay app jobs, in seconds.") var fallbackSeconds = 30
        @Flag(help: "Print the figures as JSON.") var json = false

        func validate() throws {
            guard (1...200).contains(perKind) else { throw ValidationError("--per-kind must be 1...200") }
            guard (0...1).contains(dropRate) else { throw ValidationError("--drop-rate must be between 0 and 1") }
            guard (10...3600).contains(fallbackSeconds) else { throw ValidationError("--fallback-s must be 10...3600") }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                var options = ServeBenchmark.Options()
                options.perKind = perKind
                options.dropRate = dropRate
                options.fallbackSeconds = fallbackSeconds
                let figures = try await ServeBenchmark.run(options, progress: BenchCommand.progress(json))
                try BenchCommand.emit(figures, table: figures.table, json: json)
            }
        }
    }
}

extension BenchCommand {
    /// `bench tenants`: hosted mode, many companies, 1, 2 and 3 workers in their own processes.
    struct Tenants: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tenants",
            abstract: "Hosted mode: pay cycles per minute of many companies served by 1, 2 and 3 workers in their own processes; with --kills, workers SIGKILLed mid-cycle and taken over.",
            discussion: """
            Each company has its own Procore sandbox and Sage simulator (in this process) and its \
            own connector.yml under one tenants file; each worker is `ml-connector serve --tenants \
            … --until-idle --concurrency 1`. Every company's keys are checked in its simulator: none \
            twice, none missing, no import overlapping another. The issue's runs (release build):
              .build/release/ml-connector bench tenants
              .build/release/ml-connector bench tenants --workers 2 --kills 20
            """)

        @Option(help: "Companies.") var companies = 20
        @Option(help: ArgumentHelp("Worker counts, comma-separated.", valueName: "1,2,3")) var workers = "1,2,3"
        @Option(help: "SIGKILLs of a random worker per worker count (a new worker is started in its place).") var kills = 0
        @Option(name: .customLong("lease-s"), help: "Lease length in seconds: how soon a killed worker's companies are taken over.") var leaseSeconds = 3
        @Option(help: ArgumentHelp("leases.store: a postgres:// URL (PGPASSWORD from the environment); default a SQLite file.", valueName: "url"))
        var store: String?
        @Option(help: ArgumentHelp("Each company's ledger in a schema of its own in this PostgreSQL database (ledger.url; PGPASSWORD from the environment); default a SQLite file per company.", valueName: "url"))
        var ledgers: String?
        @Option(help: "Seed of the kill instants.") var seed: UInt64 = 20_261_207
        @Flag(help: "Print the figures as JSON.") var json = false

        func counts() -> [Int] { workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

        func validate() throws {
            guard (1...100).contains(companies) else { throw ValidationError("--companies must be 1...100") }
            let counts = counts()
            guard !counts.isEmpty, counts.count == workers.split(separator: ",").count, counts.allSatisfy({ (1...16).contains($0) }) else {
                throw ValidationError("--workers must be worker counts from 1 to 16, comma-separated (got '\(workers)')")
            }
            guard (0...1000).contains(kills) else { throw ValidationError("--kills must be 0...1000") }
            guard (2...600).contains(leaseSeconds) else { throw ValidationError("--lease-s must be 2...600") }
            if let ledgers, !ledgers.hasPrefix("postgres://") && !ledgers.hasPrefix("postgresql://") {
                throw ValidationError("--ledgers must be a postgres:// URL (each company's ledger goes in a schema of its own there)")
            }
        }

        func run() async throws {
            try await BenchCommand.guarded {
                var options = TenantsBenchmark.Options()
                options.companies = companies
                options.workers = counts()
                options.kills = kills
                options.leaseSeconds = leaseSeconds
                options.store = store
                options.ledgers = ledgers
                options.seed = seed
                let figures = try await TenantsBenchmark.run(options, progress: BenchCommand.progress(json))
                try BenchCommand.emit(figures, table: figures.report.table, json: json)
            }
        }
    }
}
