import Foundation
import Testing
import Sage100
@testable import Connector

@Suite("Mapping check")
struct MappingCheckTests {
    static let table = """
    cost_code,cost_type,account,description
    03-100,L,5030-{division}-10,Concrete labor
    05-100,,5100-05-00,Inactive
    05-400,,51X0-04-00,Typo
    """

    func configuration(defaultAccount: Bool = false) throws -> MappingConfiguration {
        var yaml = MappingFixtures.yaml
        if !defaultAccount { yaml = yaml.replacingOccurrences(of: "  default_account: \"5999-{division}-00\"\n", with: "") }
        var configuration = try MappingFixtures.configuration(yaml: yaml)
        configuration.costCodeTablePath = "cost-codes.csv"
        configuration.costCodeTable = try CostCodeTable.parse(Self.table, file: "cost-codes.csv")
        return configuration
    }

    static let uses = [
        ProcoreCostCodeUse(projectID: 1001, costCode: "03-100", name: "Concrete Forming", costType: "L"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "03-100", name: "Concrete Forming", costType: "L"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "09-250", name: "Gypsum Board", costType: "M"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "16-100", name: "Electrical", costType: nil),
        ProcoreCostCodeUse(projectID: 1002, costCode: "05-100", name: "Steel", costType: "S"),
        ProcoreCostCodeUse(projectID: 1003, costCode: "03-300", name: "Rebar", costType: "M"),
    ]

    @Test func listsUnmappedCodesAndAccountProblems() throws {
        let report = MappingCheck.run(costCodes: Self.uses, accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: try configuration())
        #expect(report.checked == 5)
        #expect(report.mapped == 2)
        #expect(!report.isClean)
        #expect(report.lines.map(\.costCode) == ["03-100", "09-250", "16-100", "05-100", "03-300"])
        #expect(report.lines.map(\.status) == [.mapped, .mapped, .unmapped, .inactive, .notInSage])
        #expect(report.lines[0].account == "5030-04-10")
        #expect(report.lines[0].accountKey == "000000504")
        #expect(report.lines[0].source == "cost-codes.csv line 2")
        #expect(report.lines[1].source == "rule 3")
        #expect(report.unmapped.map(\.costCode) == ["16-100"])
        #expect(report.unmapped[0].message?.hasPrefix("cost code 16-100 on project 1001 has no GL mapping; add a row to cost-codes.csv") == true)
        #expect(report.accountProblems.map(\.costCode) == ["05-100", "03-300"])
        // Project 1003 has no segments: the default division 00 gives 5030-00-00, which Sage lacks.
        #expect(report.lines[4].account == "5030-00-00")
    }

    @Test func reportsBadTableRowsWithFileLineAndColumn() throws {
        let report = MappingCheck.run(costCodes: [], accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: try configuration())
        let messages = report.issues.map(\.message)
        #expect(messages.contains("cost-codes.csv line 4, column 3: account '51X0-04-00' segment 1 '51X0' must be 4 digits; it must fit the account structure ####-##-##"))
        #expect(messages.contains("cost-codes.csv line 3, column 3: account 5100-05-00 (cost code 05-100) is inactive in Sage 100 (Status I); activate it or change the mapping"))
        // Rule 1 under project 1002 gives the inactive 5100-05-00.
        #expect(messages.contains { $0.hasPrefix("mapping.rules[1] (line 9): account 5100-05-00 for project 1002 (cost_type S) is inactive") })
        // Rule 3 under project 1002 gives 5090-05-10, missing in Sage.
        #expect(messages.contains { $0.hasPrefix("mapping.rules[3] (line 11): account 5090-05-10 for project 1002") && $0.contains("not in Sage 100's GL account list") })
        #expect(report.issues.first { $0.location == "cost-codes.csv line 4, column 3" }?.code == "not-in-structure")
    }

    @Test func reportsProjectsWithoutAMappingAndUnsetControlAccounts() throws {
        var configuration = try configuration()
        configuration.accounts[.revenue] = nil
        let report = MappingCheck.run(costCodes: Self.uses, accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: configuration)
        let project = try #require(report.issues.first { $0.code == "project-not-mapped" })
        #expect(project.message.hasPrefix("project 1003 has cost codes but no entry in mapping.projects"))
        let control = try #require(report.issues.first { $0.code == "control-not-set" })
        #expect(control.location == "mapping.accounts.revenue")
    }

    @Test func aGoodMappingIsClean() throws {
        let yaml = """
        mapping:
          projects:
            "1001": { job_no: "2501", segments: { division: "04" } }
          rules:
            - { cost_type: S, account: "5100-{division}-00" }
          default_account: "5999-{division}-00"
          accounts:
            retainage_payable: "2150-00-00"
            accounts_receivable: "1200-00-00"
            revenue: "4000-{division}-00"
            ap_control: "2000-00-00"
        """
        let report = MappingCheck.run(costCodes: [ProcoreCostCodeUse(projectID: 1001, costCode: "01-100", name: "GC", costType: "S"),
                                                  ProcoreCostCodeUse(projectID: 1001, costCode: "01-200", name: "GC", costType: nil)],
                                      accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: try MappingFixtures.configuration(yaml: yaml))
        #expect(report.issues == [])
        #expect(report.isClean)
        #expect(report.renderTable().contains("No problems found."))
    }

    @Test func rendersATableAndJSON() throws {
        let report = MappingCheck.run(costCodes: Self.uses, accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: try configuration())
        let table = report.renderTable()
        let lines = table.components(separatedBy: "\n")
        #expect(lines[0] == "Account structure ####-##-##: 2 of 5 cost code lines mapped")
        #expect(lines[2].hasPrefix("PROJECT  COST CODE  TYPE  NAME"))
        #expect(lines.contains { $0.hasPrefix("1001     03-100     L     Concrete Forming  mapped") })
        #expect(table.contains("Problems ("))
        #expect(table.contains("- cost code 16-100 has no GL mapping"), "\(table)")
        #expect(table.contains("[1 project: 1001]"), "\(table)")

        let json = try report.jsonString()
        let decoded = try JSONDecoder().decode(MappingReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(json.contains("\"status\" : \"not-in-sage\""))
        #expect(try report.jsonString() == json)
    }

    @Test("a problem shared by projects is listed once, with the projects by name and a count")
    func problemsGroupedByCostCode() throws {
        let projects: [Int64] = [1001, 1002, 1003, 1004, 1005, 1006]
        let uses = projects.flatMap { p in
            [ProcoreCostCodeUse(projectID: p, costCode: "16-100", name: "Electrical", costType: nil),
             ProcoreCostCodeUse(projectID: p, costCode: "03-100", name: "Concrete Forming", costType: "L")]
        }
        let report = MappingCheck.run(costCodes: uses, accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: try configuration())
        let unmapped = report.groups.filter { $0.costCode == "16-100" }
        #expect(unmapped.count == 1, "\(report.groups)")
        #expect(unmapped.first?.projectIDs == projects)
        #expect(report.unmapped.count == projects.count, "every line is still checked and listed")
        let names = Dictionary(uniqueKeysWithValues: projects.map { ($0, "Tower \($0)") })
        let table = report.renderTable(projectNames: names)
        #expect(table.contains("[6 projects: Tower 1001, Tower 1002, Tower 1003, Tower 1004 and 2 more]"), "\(table)")
        #expect(table.components(separatedBy: "\n").contains { $0.hasPrefix("Tower 1001") }, "the table names projects")
        #expect(table.components(separatedBy: "has no GL mapping").count - 1 == 1, "the problem is said once: \(table)")
    }

    @Test func hostileNamesDoNotBreakTheTable() throws {
        let uses = [ProcoreCostCodeUse(projectID: 1001, costCode: "01-100", name: "Bad\nname\u{1B}[31m", costType: "S")]
        let report = MappingCheck.run(costCodes: uses, accounts: MappingFixtures.accounts, structure: MappingFixtures.structure,
                                      configuration: try configuration())
        let table = report.renderTable()
        #expect(!table.contains("\u{1B}"))
        #expect(table.contains("Bad\\u{a}name\\u{1b}[31m"))
    }
}

@Suite("Mapping suggester")
struct MappingSuggesterTests {
    static let uses = [
        ProcoreCostCodeUse(projectID: 1001, costCode: "03-100", name: "Concrete Labor"),
        ProcoreCostCodeUse(projectID: 1002, costCode: "03-100", name: "Concrete Labor"),
        ProcoreCostCodeUse(projectID: 1003, costCode: "03-100", name: "Concrete labour (old)"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "01-100", name: "General Conditions"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "02-900", name: "Landscaping"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "=cmd", name: "@SUM(A1)"),
        ProcoreCostCodeUse(projectID: 1001, costCode: "05-100", name: "Subcontracts"),
    ]

    @Test func picksTheAccountWhoseDescriptionSharesTheMostWords() throws {
        let suggestions = MappingSuggester.suggest(costCodes: Self.uses, accounts: MappingFixtures.accounts)
        #expect(suggestions.map(\.costCode) == ["01-100", "02-900", "03-100", "05-100", "=cmd"])
        let concrete = try #require(suggestions.first { $0.costCode == "03-100" })
        #expect(concrete.name == "Concrete Labor")
        #expect(concrete.account == "5030-04-10")
        #expect(concrete.accountDescription == "Concrete Labor")
        #expect(concrete.confidence == 100)
        #expect(concrete.projectIDs == [1001, 1002, 1003])
        let general = try #require(suggestions.first { $0.costCode == "01-100" })
        #expect(general.account == "5010-04-00")
        #expect(general.confidence == 100)
        // "Subcontracts" -> "subcontract"; the inactive and deleted "Subcontract Costs" accounts are skipped.
        let sub = try #require(suggestions.first { $0.costCode == "05-100" })
        #expect(sub.account == "5100-04-00")
        #expect(sub.confidence == 100)
        let none = try #require(suggestions.first { $0.costCode == "02-900" })
        #expect(none.account == nil)
        #expect(none.confidence == 0)
    }

    @Test func tiesGoToTheLowerAccountNumber() throws {
        let accounts = [MappingFixtures.account("5030-05-00", "B", "Concrete"), MappingFixtures.account("5030-04-00", "A", "Concrete")]
        let suggestions = MappingSuggester.suggest(costCodes: [ProcoreCostCodeUse(projectID: 1, costCode: "03", name: "Concrete")], accounts: accounts)
        #expect(suggestions.first?.account == "5030-04-00")
    }

    @Test func belowTheMinimumConfidenceTheAccountIsLeftEmpty() throws {
        let accounts = [MappingFixtures.account("5030-04-00", "A", "Concrete Pumping Trucks Rental Equipment Yard")]
        let uses = [ProcoreCostCodeUse(projectID: 1, costCode: "03", name: "Concrete")]
        #expect(MappingSuggester.suggest(costCodes: uses, accounts: accounts).first?.account == nil)
        let low = MappingSuggester.suggest(costCodes: uses, accounts: accounts, minimumConfidence: 20).first
        #expect(low?.account == "5030-04-00")
        #expect(low?.confidence == 28)
    }

    @Test func writesAFormulaSafeDeterministicCSVThatLoadsAsATable() throws {
        let text = MappingSuggester.suggestCSV(costCodes: Self.uses, accounts: MappingFixtures.accounts)
        let again = MappingSuggester.suggestCSV(costCodes: Self.uses.reversed(), accounts: MappingFixtures.accounts.reversed())
        #expect(text == again)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "cost_code,cost_type,account,description,confidence,matched_account_description")
        #expect(lines[1] == "01-100,,5010-04-00,General Conditions,100,General Conditions")
        #expect(lines[2] == "02-900,,,Landscaping,0,")
        #expect(lines[5] == "'=cmd,,,'@SUM(A1),0,")
        let table = try CostCodeTable.parse(text, file: "suggested.csv")
        #expect(table.rows.map(\.costCode) == ["01-100", "03-100", "05-100"])
        #expect(table.rows[1].account.text == "5030-04-10")
    }

    @Test func tokensAreNormalised() {
        #expect(TextTokens.tokens("Concrete, Forming & Labor's Costs") == ["concrete", "forming", "labor"])
        #expect(TextTokens.tokens("Utilities for the Job") == ["utility"])
        #expect(TextTokens.tokens("Glass / Glazing") == ["glass", "glazing"])
        #expect(TextTokens.tokens("Miscellaneous Other Expense") == [])
        #expect(TextTokens.singularize("bus") == "bus")
        #expect(TextTokens.singularize("materials") == "material")
    }
}
