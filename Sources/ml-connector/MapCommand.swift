import ArgumentParser
import Connector
import Foundation
import Procore

/// `ml-connector map …`: build and check the cost code to GL account mapping.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Check the cost code mapping against Sage 100, or suggest a starting table.",
        subcommands: [MapCheckCommand.self, MapSuggestCommand.self, MapAccountsCommand.self]
    )

    /// The cost codes the ledger holds; says what to do when there are none yet.
    static func costCodes(_ cycle: PayCycle) throws -> [ProcoreCostCodeUse] {
        let uses = try MappingSources.costCodeUses(ledger: try cycle.openLedger())
        guard !uses.isEmpty else {
            throw CLIFailure(message: "the ledger holds no Procore cost codes yet, so there is nothing to map",
                             fix: "pull them first: ml-connector pull --resources cost_codes --config \(cycle.configuration.file)",
                             exitStatus: .needsPerson)
        }
        return uses
    }
}

/// `ml-connector map check`.
struct MapCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Resolve every staged Procore cost code through the mapping and check each account in Sage 100.",
        discussion: """
        Reads Sage's account structure and GL accounts from the agent and the Procore cost codes \
        the ledger holds (run `ml-connector pull --resources cost_codes` first). Lists each \
        project (by name), cost code and type with the account it posts to, then every problem \
        once per cost code with the projects it affects and its fix: unmapped codes, accounts \
        missing or inactive in Sage, rows that do not fit the account structure.

        Example:
          ml-connector map check --config connector.yml

        Asks only for the Sage agent's credentials (no Procore secret).

        Exit codes: 0 every cost code maps to an active account; 1 the agent could not be read; \
        2 configuration error; 4 problems listed.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let reference = try await cycle.refreshReference(agent: try cycle.makeAgent(), ledger: try cycle.openLedger(),
                                                         company: configuration.sage.company).data
        let report = MappingCheck.run(costCodes: try MapCommand.costCodes(cycle),
                                      accounts: reference.accounts, structure: reference.structure,
                                      configuration: configuration.mapping)
        let names = try MappingSources.projectNames(ledger: try cycle.openLedger())
        if common.json { print(try report.jsonString()) } else { print(report.renderTable(projectNames: names)) }
        if !report.isClean { throw ExitStatus.needsPerson }
    }
}

/// `ml-connector map suggest --out FILE`.
struct MapSuggestCommand: AsyncParsableCommand {
    /// What `--json` prints.
    struct SuggestSummary: Codable {
        var file: String
        var rows: Int
        var matched: Int
        var unmatched: Int
        var costCodes: Int

        enum CodingKeys: String, CodingKey { case file, rows, matched, unmatched, costCodes = "cost_codes" }
    }

    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Write a starting cost-codes.csv, matching Procore cost code names to Sage account descriptions.",
        discussion: """
        Each staged cost code gets the Sage GL account whose description matches its name best, \
        with a confidence; codes with no good match are left with an empty account for a person \
        to fill. Review the file before naming it in mapping.cost_code_table.

        Example:
          ml-connector map suggest --config connector.yml --out cost-codes.suggested.csv

        Exit codes: 0 written; 1 the agent could not be read or the file not written; 2 \
        configuration error; 4 nothing to suggest yet (no cost codes pulled, or no active account).
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The CSV file to write (refused if it exists, unless --force).")
    var out: String

    @Flag(name: .long, help: "Overwrite --out if it exists.")
    var force = false

    @Option(name: .long, help: "Lowest confidence (0-100) for a suggested account.")
    var minimumConfidence: Int = 30

    func run() async throws {
        let configuration = try common.load()
        guard force || !FileManager.default.fileExists(atPath: out) else {
            throw CLIFailure.usage("\(out) exists", fix: "pass another --out, or --force to overwrite it")
        }
        let cycle = PayCycle(configuration: configuration)
        let costCodes = try MapCommand.costCodes(cycle)
        let reference = try await cycle.refreshReference(agent: try cycle.makeAgent(), ledger: try cycle.openLedger(),
                                                         company: configuration.sage.company).data
        guard reference.accounts.contains(where: { $0.status.isPostable }) else {
            throw CLIFailure(message: "Sage 100 company \(configuration.sage.company) has no active GL account to suggest",
                             fix: "check the company in sage.company; `ml-connector map accounts --refresh` lists what the agent returns",
                             exitStatus: .needsPerson)
        }
        let suggestions = MappingSuggester.suggest(costCodes: costCodes, accounts: reference.accounts,
                                                   minimumConfidence: minimumConfidence)
        do {
            try Data(MappingSuggester.csv(suggestions).utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            throw CLIFailure.failure("cannot write \(out): \(error.localizedDescription)", fix: "check that its folder exists and is writable, or pass another --out")
        }
        let matched = suggestions.filter { $0.account != nil }.count
        let summary = SuggestSummary(file: out, rows: suggestions.count, matched: matched, unmatched: suggestions.count - matched,
                                     costCodes: Set(costCodes.map(\.costCode)).count)
        if common.json {
            try CLI.printJSON(summary)
        } else {
            print("wrote \(summary.rows) suggested row(s) for \(summary.costCodes) cost code(s) to \(out): \(matched) with an account "
                  + "(confidence \(minimumConfidence) or more), \(summary.unmatched) left empty for a person to fill; review it, then set mapping.cost_code_table")
        }
    }
}
