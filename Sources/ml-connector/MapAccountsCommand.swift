import ArgumentParser
import Connector
import Foundation
import Sage100

/// `ml-connector map accounts`: Sage's GL accounts, as the connector validates against them.
struct MapAccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "List Sage 100's GL accounts (active and inactive) that the mapping can name.",
        discussion: """
        Lists the GL accounts of the company from the ledger's cache (what the last run, map \
        check or reference read from the agent): account, description, type and status \
        (A active, I inactive: the transform refuses to post to an inactive account). With \
        --refresh they are read from the agent first. --match keeps the accounts whose number \
        or description contains the text.

        Example:
          ml-connector map accounts --config connector.yml --match 5100

        Exit codes: 0 listed; 1 the agent could not be read (--refresh); 2 configuration error; \
        4 no accounts cached yet (run with --refresh).
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Read the accounts from the agent first (asks for the agent's credentials).")
    var refresh = false

    @Option(name: .long, help: "Only accounts whose number or description contains this text (any case).")
    var match: String?

    @Flag(name: .long, help: "Only inactive accounts.")
    var inactive = false

    struct Row: Codable {
        var account: String
        var description: String
        var type: String
        var status: String
    }

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let ledger = try cycle.openLedger()
        let company = configuration.sage.company
        let reference: ReferenceData
        if refresh {
            reference = try await ReferenceData.refresh(using: try cycle.makeAgent(), ledger: ledger, company: company)
        } else {
            do {
                reference = try ReferenceData.load(from: ledger, company: company)
            } catch {
                throw CLIFailure(message: "no GL accounts of company \(company) are cached yet",
                                 fix: "read them from the agent: ml-connector map accounts --refresh --config \(configuration.file)",
                                 exitStatus: .needsPerson)
            }
        }
        let needle = match?.lowercased()
        let rows = reference.accounts
            .filter { !inactive || !$0.status.isPostable }
            .filter { account in needle.map { account.account.lowercased().contains($0) || account.accountDesc.lowercased().contains($0) } ?? true }
            .sorted { $0.account < $1.account }
            .map { Row(account: $0.account, description: $0.accountDesc, type: $0.accountType, status: $0.status.rawValue) }
        if common.json {
            try CLI.printJSON(rows)
            return
        }
        let active = reference.accounts.filter { $0.status.isPostable }.count
        print("Company \(company): \(reference.accounts.count) GL accounts (\(active) active, \(reference.accounts.count - active) inactive or deleted), read \(reference.fetchedAt ?? "at an unknown time")")
        let width = max(7, rows.map(\.account.count).max() ?? 0)
        let descriptionWidth = min(40, max(11, rows.map(\.description.count).max() ?? 0))
        print("ACCOUNT".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + "DESCRIPTION".padding(toLength: descriptionWidth, withPad: " ", startingAt: 0) + "  TYPE  STATUS")
        for row in rows {
            let description = row.description.count > descriptionWidth ? String(row.description.prefix(descriptionWidth - 1)) + "…" : row.description
            print(row.account.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + description.padding(toLength: descriptionWidth, withPad: " ", startingAt: 0)
                  + "  " + row.type.padding(toLength: 4, withPad: " ", startingAt: 0) + "  " + row.status)
        }
        if rows.isEmpty { print("(no account matches)") }
    }
}
