import ArgumentParser
import Connector
import Foundation
import Procore

/// `ml-connector run`: one pay cycle (replay, pull, reference, transform, post, reconcile).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one pay cycle: replay inbox/, pull, transform, post to Sage 100, reconcile.",
        discussion: """
        The stages, in order: replay (corrections, mapping rows and approvals dropped into \
        inbox/), pull (new and changed Procore records into staging/), reference (Sage GL \
        accounts and vendors from the agent), transform (staging -> outbox batches), post \
        (batches -> the Sage 100 agent, exactly once per record), reconcile \
        (outbox/<run>/reconciliation.html, .csv, .json). A run with no changes posts nothing \
        and says so. Safe to run again at any time, also after a crash.

        Example (cron, every weekday at 6:00):
          0 6 * * 1-5  cd /srv/ml-connector && ml-connector run --config connector.yml --json >> runs.log

        Reads the whole connector.yml and asks for the Procore secret (not with --skip-pull) and \
        the Sage agent's credentials before the first stage.

        Exit codes: 0 everything reconciled; 1 fatal (nothing trustworthy happened; the message \
        says why); 2 configuration or usage error (also a secret that is missing or refused); \
        3 partial pull (forbidden or failed Procore projects are named); 4 exceptions need a \
        person (invalid, rejected, uncertain, drift, or totals that differ; see the report); \
        5 another run holds a lock (the message names the lock file).
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Do not pull from Procore; transform only what the inbox replay staged.")
    var skipPull = false

    @Option(name: .long, help: ArgumentHelp("Pull only these resources, comma-separated (e.g. requisitions,commitment_change_orders); "
                                            + "transform, post and reconcile still cover everything the ledger holds.", valueName: "names"))
    var resources: String?

    func validate() throws {
        if skipPull && resources != nil { throw ValidationError("--resources chooses what to pull; it cannot go with --skip-pull") }
    }

    func run() async throws {
        let configuration = try common.load()
        // Ask now for the secrets this run will use, so a missing one stops it before anything is done.
        try configuration.checkSecrets(procore: !skipPull)
        let progress = PayCycleProgress.isWanted(json: common.json) ? PayCycleProgress() : nil
        let pullProgress = progress != nil && PayCycleProgress.isTerminal ? PullProgress() : nil
        var onEvent: (@Sendable (PayCycleEvent) -> Void)?
        if let progress { onEvent = { @Sendable event in progress.handle(event) } }
        var cycle = PayCycle(configuration: configuration, onEvent: onEvent, pullProgress: pullProgress)
        cycle.pullResources = resources.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let summary = await cycle.run(skipPull: skipPull)
        if common.json {
            try CLI.printJSON(summary)
            if let pull = summary.pull, !pull.isComplete { CLI.printError(PullCommand.problems(pull).joined(separator: "\n")) }
        } else {
            CLI.printDetails(summary)
            print(summary.headline)
        }
        if summary.exitStatus == .fatal || summary.exitStatus == .configuration || summary.exitStatus == .busy {
            CLI.fail(summary.headline)
        }
        if summary.exitStatus != .done { throw summary.exitStatus }
    }
}

/// `--config` and `--json`, shared by the pipeline commands.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The connector configuration file.")
    var config: String = "connector.yml"

    @Flag(name: .long, help: "Print only the summary as one JSON object.")
    var json = false

    /// Loads the whole configuration without reading any secret: each is read when the client
    /// that sends it is built, so a command asks only for the secrets it uses.
    /// - Throws: ``ConfigurationError`` or ``MappingConfigurationError`` (exit 2).
    func load() throws -> RunConfiguration {
        try RunConfiguration.load(path: config, requireSecrets: false)
    }
}

/// Printing helpers of the commands.
enum CLI {
    /// `error: <message>` on standard error.
    static func fail(_ message: String) {
        printError("error: " + message)
    }

    /// A line on standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Forbidden or failed Procore scopes, invalid and rejected records, with reasons, after a cycle.
    static func printDetails(_ summary: PayCycleSummary) {
        if let pull = summary.pull, !pull.isComplete {
            print("Partial pull (pulled again next run):")
            for line in PullCommand.problems(pull) { print("  - \(line)") }
        }
        if !summary.invalid.isEmpty {
            print("Invalid records (not sent; fix and drop the correction into inbox/):")
            for record in summary.invalid {
                print("  - \(record.label) [\(record.resource) \(record.sourceID)]")
                for reason in record.reasons { print("      \(reason)") }
            }
        }
        if !summary.rejected.isEmpty {
            print("Rejected by Sage 100:")
            for issue in summary.rejected {
                print("  - \(issue.idempotencyKey) (record \(issue.recordID)): \(issue.reasons.joined(separator: "; "))")
            }
        }
    }
}
