import ArgumentParser
import Connector
import Foundation
import Procore

/// `ml-connector map …`: build and check the cost code to GL account mapping.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Check the cost code mapping against Sage 100, or suggest a starting table.",
        subcommands: [MapCheckCommand.self, MapSuggestCommand.self]
    )

    /// Every cost code use staged so far (newest staging folder wins per project and code).
    static func stagedCostCodes(_ stagingRoot: String) -> [ProcoreCostCodeUse] {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: stagingRoot)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        var uses: [ProcoreCostCodeUse] = []
        for folder in folders {
            let (records, _) = StagedRecordReader.read(path: "\(stagingRoot)/\(folder)/cost_codes.jsonl")
            for staged in records {
                guard let projectID = staged.projectID,
                      let code = try? staged.record.decode(ProcoreCostCodeRecord.self, resource: "cost_codes") else { continue }
                uses += code.uses(projectID: projectID)
            }
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
        Reads Sage's account structure and GL accounts from the agent and the cost codes the \
        last pulls staged (run `ml-connector pull --resources cost_codes` first). Lists each \
        project, cost code and type with the account it posts to, and every problem: unmapped \
        codes, accounts missing or inactive in Sage, rows that do not fit the account structure.

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
        let report = MappingCheck.run(costCodes: MapCommand.stagedCostCodes(configuration.stagingDirectory),
                                      accounts: reference.accounts, structure: reference.structure,
                                      configuration: configuration.mapping)
        if common.json { print(try report.jsonString()) } else { print(report.renderTable()) }
        if !report.isClean { throw ExitStatus.needsPerson }
    }
}

/// `ml-connector map suggest --out FILE`.
struct MapSuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Write a starting cost-codes.csv, matching Procore cost code names to Sage account descriptions.",
        discussion: """
        Each staged cost code gets the Sage GL account whose description matches its name best, \
        with a confidence; codes with no good match are left with an empty account for a person \
        to fill. Review the file before naming it in mapping.cost_code_table.

        Example:
          ml-connector map suggest --config connector.yml --out cost-codes.suggested.csv

        Exit codes: 0 written; 1 the agent could not be read or the file not written; 2 configuration error.
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
        let costCodes = MapCommand.stagedCostCodes(configuration.stagingDirectory)
        let reference = try await cycle.refreshReference(agent: try cycle.makeAgent(), ledger: try cycle.openLedger(),
                                                         company: configuration.sage.company).data
        let csv = MappingSuggester.suggestCSV(costCodes: costCodes, accounts: reference.accounts,
                                              minimumConfidence: minimumConfidence)
        do {
            try Data(csv.utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            throw CLIFailure.failure("cannot write \(out): \(error.localizedDescription)", fix: "check that its folder exists and is writable, or pass another --out")
        }
        let rows = max(0, csv.split(separator: "\n").count - 1)
        if common.json {
            try CLI.printJSON(["file": out, "rows": "\(rows)"])
        } else {
            print("wrote \(rows) suggested row(s) for \(Set(costCodes.map(\.costCode)).count) cost code(s) to \(out); review it, then set mapping.cost_code_table")
        }
    }
}
