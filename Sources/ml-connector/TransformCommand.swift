import ArgumentParser
import Connector
import Foundation

/// `ml-connector transform`: one staging folder -> ledger records -> outbox batches.
struct TransformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Turn a staging folder into Sage 100 batches in outbox/ (valid records) and reasons (invalid ones).",
        discussion: """
        Reads staging/<run-id>/ (the newest finished one unless --staging names another), maps \
        cost codes, projects and vendors, checks every document against Sage 100's field limits \
        and writes one batch per kind to outbox/<run-id>-<kind>/ (VI CSV, agent JSON, manifest). \
        Checks against the Sage reference data cached in the ledger; --refresh reads it from \
        the agent first.

        Example:
          ml-connector transform --config connector.yml --staging staging/20261129T014000Z-ab12

        Asks for no secret, except the Sage agent's credentials with --refresh.

        Exit codes: 0 every record valid; 1 fatal; 2 configuration or usage error; 4 some records \
        are invalid (listed with the field and the fix); 5 another transform holds \
        outbox/.transform.lock.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The staging folder to transform (default: the newest finished one).")
    var staging: String?

    @Flag(name: .long, help: "Read Sage's GL accounts and vendors from the agent before transforming.")
    var refresh = false

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let ledger = try cycle.openLedger()
        let folder = try staging ?? Self.newestStagingRun(configuration.stagingDirectory)
        let reference = refresh
            ? try await cycle.refreshReference(agent: try cycle.makeAgent(), ledger: ledger, company: configuration.sage.company).data
            : try ReferenceData.load(from: ledger, company: configuration.sage.company)
        let summary = try cycle.transform(stagingRunDirectory: folder, ledger: ledger, reference: reference)
        if common.json {
            try CLI.printJSON(summary)
        } else {
            print("transform \(summary.runID) of \(summary.stagingRun): \(summary.batches.count) batch(es)")
            for batch in summary.batches {
                print("  \(batch.id): \(batch.count) \(batch.kind), control total \(batch.controlTotal) (\(batch.state))")
            }
            for record in summary.invalid {
                print("  invalid: \(record.label)")
                for reason in record.reasons { print("      \(reason)") }
            }
            for held in summary.drift { print("  drift: \(held.message)") }
            if summary.batches.isEmpty && summary.invalid.isEmpty { print("  nothing new to post") }
        }
        if summary.needsAttention { throw ExitStatus.needsPerson }
    }

    /// The newest staging folder holding a manifest (a finished pull or replay).
    static func newestStagingRun(_ root: String) throws -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(root)/\($0)/manifest.json") }
            .sorted()
        guard let newest = names.last else {
            throw UsageError("no finished staging folder in \(root)", fix: "run `ml-connector pull` first, or name one with --staging")
        }
        return "\(root)/\(newest)"
    }
}
