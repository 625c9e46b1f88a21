import ArgumentParser
import Connector
import Foundation

/// `ml-connector ledger …`: read the ledger.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Read the ledger: the whole story of a record or a batch.",
        subcommands: [LedgerShowCommand.self]
    )
}

/// `ml-connector ledger show <record-or-batch>`.
struct LedgerShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a record's or a batch's story: amount, vendor, job, versions, states, attempts, errors, corrections.",
        discussion: """
        The query is a ledger record id (42), an idempotency key \
        (ABC:ap-invoices:requisitions:1280646), a resource and Procore id \
        (requisitions:1280646), a batch id (batch:20261129T014000Z-ab12-ap-invoices), \
        or a number a person has at hand: a Sage key or document number (00-P700046-14-001, \
        C0APSW2; number:10045 for a numeric check or invoice number), a subcontractor's \
        invoice number or a commitment number as Procore shows it (INV-00042, SC-1000-001). \
        When a number names several records, the newest is shown and the others are listed.

        Examples:
          ml-connector ledger show requisitions:1280646 --config connector.yml
          ml-connector ledger show SC-1000-001 --config connector.yml

        Exit codes: 0 found; 1 not found; 2 configuration error.
        """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "Record id, idempotency key, resource:procore-id, batch id, Sage key, or an invoice, check or commitment number.")
    var query: String

    func run() async throws {
        let configuration = try common.load()
        let show = try LedgerShow.find(query, ledger: try PayCycle(configuration: configuration).openLedger())
        if common.json { try CLI.printJSON(show) } else { print(show.record?.text ?? show.batch?.text ?? "nothing found for \(query)") }
    }
}
