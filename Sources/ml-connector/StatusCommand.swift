import ArgumentParser
import Connector
import Foundation

/// `ml-connector status`: recent runs, batches waiting, records by state, failures by reason.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show recent runs, batches waiting for approval, and records that need a person.",
        discussion: """
        Reads the ledger only. Failed records are grouped by reason (invalid, rejected, \
        uncertain, drift) with counts, examples and what to do.

        Example:
          ml-connector status --config connector.yml --runs 5

        Exit codes: 0 nothing needs a person; 2 configuration error; 4 something does.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "How many recent runs to show.")
    var runs: Int = 10

    func run() async throws {
        let configuration = try common.load()
        let report = try StatusReport.build(ledger: try PayCycle(configuration: configuration).openLedger(), runs: runs)
        if common.json { try CLI.printJSON(report) } else { print(report.text) }
        if report.needsAttention { throw ExitStatus.needsPerson }
    }
}
