import ArgumentParser
import Connector
import Foundation

/// `ml-connector transform`: what changed in the ledger -> ledger records -> outbox batches.
struct TransformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Turn what changed since the last transform into Sage 100 batches in outbox/ (valid records) and reasons (invalid ones).",
        discussion: """
        Reads from the ledger every Procore record version received since the last transform \
        (by pull, webhooks or inbox corrections), plus invalid records whose reasons may be gone \
        (the mapping or Sage's reference data changed, or a record they refer to changed). Maps \
        cost codes, projects and vendors, checks every document against Sage 100's field limits \
        and writes one batch per kind to outbox/<run-id>-<kind>/ (VI CSV, agent JSON, manifest). \
        Checks against the Sage reference data cached in the ledger; --refresh reads it from \
        the agent first. staging/ is an export for people and is never read.

        Example:
          ml-connector transform --config connector.yml

        Asks for no secret, except the Sage agent's credentials with --refresh.

        Exit codes: 0 every record valid; 1 fatal; 2 configuration or usage error; 4 some records \
        are invalid (listed with the field and the fix); 5 another transform holds \
        outbox/.transform.lock.
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Read Sage's GL accounts and vendors from the agent before transforming.")
    var refresh = false

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let ledger = try cycle.openLedger()
        let reference = refresh
            ? try await cycle.refreshReference(agent: try cycle.makeAgent(), ledger: ledger, company: configuration.sage.company).data
            : try ReferenceData.load(from: ledger, company: configuration.sage.company)
        let summary = try cycle.transform(ledger: ledger, reference: reference)
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

}
