import ArgumentParser
import Connector
import Foundation

/// `ml-connector approve <batch>…` or `approve --run <run-id>`: release batches waiting for approval.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a batch waiting for a person (approval: required); the next post sends it.",
        discussion: """
        Read the batch first: outbox/<batch>/<kind>.csv and manifest.json (record count and \
        control total). The approval is recorded in the ledger's audit trail with your name. \
        A big pay cycle is split into several batches per kind (transform.batch_size): name \
        them all, or approve every batch of the run that is waiting with --run.

        Examples:
          ml-connector approve 20261129T014000Z-ab12-ap-invoices --by "J. Rivera" --note "checked totals"
          ml-connector approve --run 20261129T014000Z-ab12 --by "J. Rivera"

        Exit codes: 0 approved; 1 a batch is unknown or not waiting; 2 configuration or usage error.
        """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The batch ids (outbox/<batch-id>/).")
    var batches: [String] = []

    @Option(name: .long, help: "Approve every batch of this transform run that waits for approval.")
    var run: String?

    @Option(name: .long, help: "Who approves (default: the login name).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

    @Option(name: .long, help: "A note kept with the approval.")
    var note: String?

    func validate() throws {
        if batches.isEmpty && run == nil {
            throw ValidationError("Name the batch to approve (see `ml-connector status` for batches waiting), or give --run <run-id>.")
        }
    }

    func run() async throws {
        let configuration = try common.load()
        let approvals = Approvals(ledger: try PayCycle(configuration: configuration).openLedger())
        var rows = try batches.map { try approvals.approve(batch: $0, by: by, note: note) }
        if let run { rows += try approvals.approve(run: run, by: by, note: note) }
        if common.json {
            try CLI.printJSON(["approved": rows.map { ["batch": $0.id, "state": $0.state.rawValue, "records": "\($0.recordCount)"] }])
        } else {
            for row in rows {
                print("batch \(row.id) approved (\(row.recordCount) records, control total \(row.controlTotal ?? "-")); the next post or run sends it")
            }
        }
    }
}
