import ArgumentParser
import Connector
import Foundation

/// `ml-connector approve <batch>`: release a batch waiting for approval.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a batch waiting for a person (approval: required); the next post sends it.",
        discussion: """
        Read the batch first: outbox/<batch>/<kind>.csv and manifest.json (record count and \
        control total). The approval is recorded in the ledger's audit trail with your name.

        Example:
          ml-connector approve 20261129T014000Z-ab12-ap-invoices --by "J. Rivera" --note "checked totals"

        Exit codes: 0 approved; 1 the batch is unknown or not waiting; 2 configuration error.
        """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The batch id (outbox/<batch-id>/).")
    var batch: String

    @Option(name: .long, help: "Who approves (default: the login name).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

    @Option(name: .long, help: "A note kept with the approval.")
    var note: String?

    func run() async throws {
        let configuration = try common.load(requireSecrets: false)
        let row = try await CLI.stage {
            try Approvals(ledger: try PayCycle(configuration: configuration).openLedger()).approve(batch: batch, by: by, note: note)
        }
        if common.json {
            try CLI.printJSON(["batch": row.id, "state": row.state.rawValue, "records": "\(row.recordCount)"])
        } else {
            print("batch \(row.id) approved (\(row.recordCount) records, control total \(row.controlTotal ?? "-")); the next post or run sends it")
        }
    }
}
