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

        Exit codes: 0 everything reconciled; 1 fatal (nothing trustworthy happened; the message \
        says why); 2 configuration or usage error; 3 partial pull (forbidden or failed Procore \
        projects are named); 4 exceptions need a person (invalid, rejected, uncertain, drift, or \
        totals that differ; see the report).
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Do not pull from Procore; transform only what the inbox replay staged.")
    var skipPull = false

    func run() async throws {
        let configuration = try common.load()
        let progress = PayCycleProgress.isWanted(json: common.json) ? PayCycleProgress() : nil
        let pullProgress = progress != nil && PayCycleProgress.isTerminal ? PullProgress() : nil
        var onEvent: (@Sendable (PayCycleEvent) -> Void)?
        if let progress { onEvent = { @Sendable event in progress.handle(event) } }
        let summary = await PayCycle(configuration: configuration, onEvent: onEvent,
                                     pullProgress: pullProgress).run(skipPull: skipPull)
        if common.json {
            try CLI.printJSON(summary)
        } else {
            CLI.printDetails(summary)
            print(summary.headline)
        }
        if summary.exitCode == 1 { CLI.fail(summary.headline) }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}

/// `--config` and `--json`, shared by the pipeline commands.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The connector configuration file.")
    var config: String = "connector.yml"

    @Flag(name: .long, help: "Print only the summary as one JSON object.")
    var json = false

    /// Loads the configuration; a problem exits 2 with the message.
    func load(requireSecrets: Bool = true) throws -> RunConfiguration {
        do {
            return try RunConfiguration.load(path: config, requireSecrets: requireSecrets)
        } catch {
            CLI.fail("\(error)")
            throw ExitCode(2)
        }
    }
}

/// Printing helpers of the commands.
enum CLI {
    static func fail(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Invalid and rejected records, with reasons, after a cycle.
    static func printDetails(_ summary: PayCycleSummary) {
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

    /// Runs a stage body; configuration problems exit 2, others 1, each with its message.
    static func stage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ConfigurationError {
            fail(error.description)
            throw ExitCode(2)
        } catch {
            fail("\(error)")
            throw ExitCode(1)
        }
    }
}
