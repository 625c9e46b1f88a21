import ArgumentParser
import Connector
import Foundation
import Logging

/// `ml-connector serve`: the always-on connector for one Sage company.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the connector continuously: jobs on their schedule, webhooks posted as they come, health and metrics.",
        discussion: """
        Jobs and their default cadences (change them in the schedule: section of connector.yml; \
        an interval such as 15m or 1h, times of day such as "06:00,12:00,18:00", optionally after \
        weekdays ("mon-fri 18:30"), or off):
          commitments    15m          purchase order and work order contracts
          change_orders  15m          commitment change orders, change order packages
          requisitions   06:00,12:00,18:00
          payments       15m          contract payments
          pay_apps       15m          prime contracts, owner payment applications
          vendors        1h           vendors, projects, cost codes, line item types
          reference      1h           Sage reference data both ways (ml-connector reference)
          full           18:30        every resource: the polling fallback and the day's report
        Each resource job is a pay cycle whose pull asks only for its resources; what it pulls is \
        transformed, validated and posted at once. A job still running at its next tick is not \
        started twice; ticks missed while serve was down run once at start-up.

        With a webhooks: section, deliveries are stored (deduplicated by ulid) and answered at \
        once; each burst pulls just the changed records and posts them. A delivery that never \
        arrives is caught by its resource's next job.

        GET /healthz and GET /metrics (Prometheus text) answer on schedule.listen \
        (default 127.0.0.1:9464); keep that address private.

        One writer per company: a `run` started by hand or by cron while serve posts waits for \
        the ledger's locks or exits with the busy code (5), and the other way round.

        Stop with SIGTERM or Ctrl-C: the receiver stops accepting, the job in flight finishes; \
        a restart settles anything a cut-off post left uncertain before sending more.

        Hosted mode, many companies: --tenants tenants.yml lists companies, each with its own \
        connector.yml (see docs/hosting.md). Start any number of workers, on one machine \
        (leases.store: a SQLite file) or several (leases.store: postgres://…): each takes a \
        company's lease while it runs that company's due jobs, so one worker at a time writes \
        to a company; a dead worker's companies are taken over when its leases run out \
        (leases.seconds), settling uncertain posts with the agent first. Webhooks and the \
        status server are not served in hosted mode; the schedule drives every company.
          ml-connector serve --tenants tenants.yml
          ml-connector serve --tenants tenants.yml --until-idle   # one round: stop when no company has work
        """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("log-format"), help: "text (one line per event) or json (one JSON object per line).")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(name: .customLong("tenants"), help: ArgumentHelp("Hosted mode: serve the companies of this tenants file (then --config is not read).",
                                                             valueName: "tenants.yml"))
    var tenants: String?

    @Option(name: .customLong("concurrency"), help: "Hosted mode: most companies this worker serves at once.")
    var concurrency: Int = 4

    @Flag(name: .customLong("until-idle"), help: "Hosted mode: stop once no company has a due job and no worker holds one.")
    var untilIdle = false

    @Option(name: .customLong("worker-name"), help: "Hosted mode: this worker's name in the lease store (default: host, process id and a random part).")
    var workerName: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical (got '\(logLevel)')")
        }
        guard (1...64).contains(concurrency) else {
            throw ValidationError("--concurrency must be from 1 to 64 (got \(concurrency))")
        }
        if tenants == nil, untilIdle || workerName != nil {
            throw ValidationError("--until-idle and --worker-name belong to hosted mode: add --tenants tenants.yml")
        }
        if let workerName, workerName.isEmpty || workerName.count > 200 {
            throw ValidationError("--worker-name must be 1 to 200 characters")
        }
    }

    func makeLogger() -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = logFormat
        var logger = Logger(label: "ml-connector.serve") { label -> any LogHandler in
            format == .json ? JSONLineLogHandler(label: label) : StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = level
        return logger
    }

    /// `--tenants`: one hosted worker.
    func runHosted(_ path: String) async throws {
        let file = try TenantsFile.load(path: path)
        let quiet = common.json
        try await Hosted.run(tenants: file, identity: workerName, concurrency: concurrency, untilIdle: untilIdle,
                             logger: makeLogger(), onEvent: { event in
            guard !quiet else { return }
            switch event {
            case .ready(let worker, let tenants, let store):
                print("Worker \(worker): \(tenants) companies, leases in \(store) (Ctrl-C to stop)")
            case .took(let company, let generation, let abandonedBy):
                print("\(company): taken (lease generation \(generation))"
                      + (abandonedBy.map { "; \($0) stopped holding it mid-cycle: settling and finishing its work first" } ?? ""))
            case .jobFinished(let company, let job, let exitCode, let headline, let seconds):
                print("\(company): job \(job) finished in \(String(format: "%.1f", seconds)) s (exit \(exitCode)): \(headline)")
            case .released(let company):
                print("\(company): released")
            case .lost(let company):
                print("\(company): lease lost to another worker; this worker stopped writing to it")
            case .tenantFailed(let company, let message):
                print("\(company): cannot be served: \(message)")
            case .idle:
                print("No company has work and no worker holds one: stopping (--until-idle).")
            }
        })
    }

    func run() async throws {
        if let tenants { return try await runHosted(tenants) }
        let configuration = try common.load()
        // Every job sends the Procore secret and the agent key: ask for them before starting.
        try configuration.checkSecrets(procore: true)
        let logger = makeLogger()
        let quiet = common.json
        try await Serve.run(configuration: configuration, logger: logger, onEvent: { event in
            guard !quiet else { return }
            switch event {
            case .ready(let webhooks, let status):
                if let webhooks { print("Listening for Procore webhooks at \(webhooks)") }
                print("Health and metrics at \(status)/healthz and \(status)/metrics")
                print("Serving \(configuration.schedule.jobs.map { "\($0.name) \($0.cadence)" }.joined(separator: "; ")) (Ctrl-C to stop)")
            case .jobStarted(let name):
                print("job \(name) started")
            case .jobFinished(let name, let exitCode, let headline, let seconds):
                print("job \(name) finished in \(String(format: "%.1f", seconds)) s (exit \(exitCode)): \(headline)")
            case .eventsPosted(let events, let posted, let latencies):
                let worst = latencies.max().map { String(format: ", slowest %.1f s from event to Sage", $0) } ?? ""
                print("\(events) webhook event(s): \(posted) document(s) posted\(worst)")
            case .agentUnavailable(let message):
                print("the Sage agent did not answer: \(message)")
            }
        })
        if !quiet { print("Stopped.") }
    }
}

/// One JSON object per log line on standard error: `{"ts","level","label","message",…metadata}`.
struct JSONLineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "ts": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "label": label, "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(UInt8(ascii: "\n"))
        FileHandle.standardError.write(line)
    }
}
