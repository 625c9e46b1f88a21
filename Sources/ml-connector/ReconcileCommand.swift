import ArgumentParser
import Connector
import Foundation

/// `ml-connector reconcile`: agent read-back vs the ledger's source amounts -> report files.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare what Sage 100 holds with what was sent, to the cent, and write the report.",
        discussion: """
        Reads back every batch of the run from the agent and compares it with the amounts the \
        transform sent, per kind, vendor, job and GL account. Writes \
        outbox/<run-id>/reconciliation.html (for a browser), .csv (for a spreadsheet) and .json. \
        Reads only: it never changes the ledger or Sage. Asks only for the Sage agent's \
        credentials (no Procore secret).

        Example:
          ml-connector reconcile --config connector.yml --run 20261129T014000Z-ab12

        Exit codes: 0 reconciled; 1 the agent could not be read; 2 configuration error; 4 \
        exceptions or totals that differ (listed in the report).
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The run to reconcile (default: the newest run that wrote batches).")
    var run: String?

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let outcome = try await cycle.reconcile(runID: run, agent: try cycle.makeAgent(), ledger: try cycle.openLedger())
        if common.json {
            try CLI.printJSON(outcome.report)
        } else {
            print("reconcile \(outcome.report.runID): \(outcome.report.headline())")
            for exception in outcome.report.exceptions.prefix(20) { print("  - \(exception)") }
            if outcome.report.exceptions.count > 20 { print("  … \(outcome.report.exceptions.count - 20) more in the report") }
            for group in outcome.report.carriedOver.prefix(10) {
                print("  - \(group.records) x \(group.kind.title) (\(group.resource), open since \(group.since.prefix(10))): \(group.cause)")
            }
            if outcome.report.carriedOver.count > 10 { print("  … \(outcome.report.carriedOver.count - 10) more causes in the report") }
            print("  \(outcome.files.html)\n  \(outcome.files.csv)\n  \(outcome.files.json)")
        }
        if outcome.exitStatus != .done { throw outcome.exitStatus }
    }
}
