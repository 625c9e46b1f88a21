import ArgumentParser
import Connector
import Foundation

/// `ml-connector reject <batch> --reason …`: hold a batch back; its records wait for a fix.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a batch before it is posted; its records go back to valid and wait for a correction.",
        discussion: """
        The reason is kept on every record of the batch and in the audit trail. Correct the \
        records (in Procore, or by dropping corrected lines into inbox/) and run again: the \
        next transform batches them anew.

        Example:
          ml-connector reject 20261129T014000Z-ab12-ap-invoices --reason "retainage on invoice 123 should be 5%"

        Exit codes: 0 rejected; 1 the batch is unknown or already posted; 2 configuration or usage error.
        """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The batch id (outbox/<batch-id>/).")
    var batch: String

    @Option(name: .long, help: "Why (required; shown to whoever fixes the records).")
    var reason: String

    @Option(name: .long, help: "Who rejects (default: the login name).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

    func run() async throws {
        let configuration = try common.load()
        let records = try Approvals(ledger: try PayCycle(configuration: configuration).openLedger()).reject(batch: batch, reason: reason, by: by)
        if common.json {
            try CLI.printJSON(["batch": batch, "state": "rejected", "records": "\(records.count)"])
        } else {
            print("batch \(batch) rejected: \(records.count) record(s) back to valid, waiting for a correction")
        }
    }
}
