import Foundation
import Testing
@testable import Connector

@Suite("Mapping configuration")
struct MappingConfigurationTests {
    @Test func readsEverySettingOfTheDocumentedExample() throws {
        let configuration = try MappingFixtures.configuration()
        #expect(configuration.projects[1001] == ProjectMapping(projectID: 1001, jobNo: "2501", segments: ["division": "04"]))
        #expect(configuration.projects[1002]?.segments["division"] == "05")
        #expect(configuration.defaultSegments == ["division": "00"])
        #expect(configuration.rules.count == 3)
        #expect(configuration.rules[0].costType == "S")
        #expect(configuration.rules[0].account.text == "5100-{division}-00")
        #expect(configuration.rules[1].costCodePrefix == "03-")
        #expect(configuration.rules[2].costCodePattern == "09-*")
        #expect(configuration.rules[2].costType == "M")
        #expect(configuration.rules[2].number == 3)
        #expect(configuration.rules[0].line == 9)
        #expect(configuration.defaultAccount?.text == "5999-{division}-00")
        #expect(configuration.accounts[.retainagePayable]?.text == "2150-00-00")
        #expect(configuration.accounts[.revenue]?.placeholders == ["division"])
        #expect(configuration.accounts.count == 4)
        #expect(configuration.changeOrders == .purchaseOrder)
        #expect(configuration.bankCode == "A")
        #expect(configuration.vendors.createMissing)
        #expect(configuration.vendors.numberScheme?.prefix == "P")
        #expect(configuration.vendors.numberScheme?.width == 6)
        #expect(configuration.vendors.table == [5551234: "ACMEDRY"])
        #expect(configuration.apDivision == "00")
        #expect(configuration.termsCode == "30")
        #expect(configuration.costCodeTable == nil)
    }

    @Test func unquotedNumbersKeepTheirLeadingZeros() throws {
        let configuration = try MappingFixtures.configuration(yaml: """
        mapping:
          default_segments: { division: 04 }
          ap_division: 01
          terms_code: 30
          default_account: 5999-{division}-00
        """)
        #expect(configuration.defaultSegments["division"] == "04")
        #expect(configuration.apDivision == "01")
        #expect(configuration.termsCode == "30")
    }

    @Test func optionalSettingsMayBeLeftOutOrEmpty() throws {
        let configuration = try MappingFixtures.configuration(yaml: "mapping:\n  default_account:\n  rules: []\n")
        #expect(configuration.defaultAccount == nil)
        #expect(configuration.rules.isEmpty)
        #expect(configuration.apDivision == "00")
        #expect(configuration.vendors.createMissing == false)
    }

    struct BadCase: Sendable, CustomStringConvertible {
        let yaml: String
        let line: Int?
        let field: String
        let contains: String
        var description: String { field }
    }

    static let badCases: [BadCase] = [
        BadCase(yaml: "mapping:\n  acounts: {}\n", line: 2, field: "mapping.acounts", contains: "is not a known setting; use one of: cost_code_table"),
        BadCase(yaml: "mapping:\n  projects:\n    \"abc\": { job_no: \"1\" }\n", line: 3, field: "mapping.projects.\"abc\"", contains: "is not a Procore project id"),
        BadCase(yaml: "mapping:\n  projects:\n    \"1001\": { job_no: \"25010001\" }\n", line: 3, field: "mapping.projects.\"1001\".job_no",
                contains: "'25010001' is 8 characters; Sage 100 allows 7"),
        BadCase(yaml: "mapping:\n  projects:\n    \"1001\": { jobno: \"1\" }\n", line: 3, field: "mapping.projects.\"1001\".jobno", contains: "use one of: job_no, segments"),
        BadCase(yaml: "mapping:\n  default_segments: { division: \"0-4\" }\n", line: 2, field: "mapping.default_segments.division",
                contains: "'0-4' must be 1-15 letters or digits"),
        BadCase(yaml: "mapping:\n  rules:\n    - { cost_type: S }\n", line: 3, field: "mapping.rules[1].account", contains: "is missing"),
        BadCase(yaml: "mapping:\n  rules:\n    - { account: \"5100-00-00\" }\n", line: 3, field: "mapping.rules[1]",
                contains: "has no condition (cost_code, cost_code_prefix, cost_code_pattern or cost_type); to map everything else, use mapping.default_account"),
        BadCase(yaml: "mapping:\n  rules:\n    - { cost_type: S, account: \"5100-00-00\" }\n    - { cost_typ: S, account: \"5100-00-00\" }\n",
                line: 4, field: "mapping.rules[2].cost_typ", contains: "is not a known setting"),
        BadCase(yaml: "mapping:\n  rules: { cost_type: S }\n", line: 2, field: "mapping.rules", contains: "must be a list"),
        BadCase(yaml: "mapping:\n  default_account: \"5100-{div-00\"\n", line: 2, field: "mapping.default_account",
                contains: "'5100-{div-00' has a '{' without a closing '}'"),
        BadCase(yaml: "mapping:\n  default_account: \"5100-{di v}-00\"\n", line: 2, field: "mapping.default_account",
                contains: "placeholder names use letters, digits and _ only"),
        BadCase(yaml: "mapping:\n  default_segments: { division: \"04\" }\n  rules:\n    - { cost_type: S, account: \"5100-{divsion}-00\" }\n",
                line: 4, field: "mapping.rules[1].account", contains: "uses the placeholder {divsion}, which no project and no default_segments entry defines"),
        BadCase(yaml: "mapping:\n  accounts:\n    retention: \"2150-00-00\"\n", line: 3, field: "mapping.accounts.retention",
                contains: "use one of: retainage_payable, committed_cost, commitments_offset, accounts_receivable, revenue, ap_control"),
        BadCase(yaml: "mapping:\n  accounts:\n    change_order_offset: \"2990-00-00\"\n", line: 3, field: "mapping.accounts.change_order_offset",
                contains: "is no longer used: a change order is a commitment, not a cost"),
        BadCase(yaml: "mapping:\n  change_orders: journal_entry\n  accounts:\n    committed_cost: \"9100-00-00\"\n", line: 2, field: "mapping.change_orders",
                contains: "is journal_entry but mapping.accounts.commitments_offset is not set"),
        BadCase(yaml: "mapping:\n  change_orders: cost\n", line: 2, field: "mapping.change_orders",
                contains: "'cost' is not supported; commitment change orders post as purchase_order"),
        BadCase(yaml: "mapping:\n  change_orders: journal_entry\n  rules:\n    - { cost_type: S, account: \"5100-00-00\" }\n  accounts:\n    committed_cost: \"5100-00-00\"\n    commitments_offset: \"9110-00-00\"\n",
                line: 6, field: "mapping.accounts.committed_cost",
                contains: "'5100-00-00' is a cost account (mapping.rules[1] maps cost codes to it)"),
        BadCase(yaml: "mapping:\n  bank_code: \"AB\"\n", line: 2, field: "mapping.bank_code", contains: "'AB' is 2 characters; Sage 100 allows 1"),
        BadCase(yaml: "mapping:\n  bank_code: \"#\"\n", line: 2, field: "mapping.bank_code", contains: "must be one letter or digit"),
        BadCase(yaml: "mapping:\n  ap_division: \"A1\"\n", line: 2, field: "mapping.ap_division", contains: "'A1' must be 2 digits"),
        BadCase(yaml: "mapping:\n  terms_code: \"NET30\"\n", line: 2, field: "mapping.terms_code", contains: "is 5 characters; Sage 100 allows 2"),
        BadCase(yaml: "mapping:\n  vendors:\n    create_missing: maybe\n", line: 3, field: "mapping.vendors.create_missing", contains: "'maybe' must be true or false"),
        BadCase(yaml: "mapping:\n  vendors:\n    create_missing: true\n", line: 3, field: "mapping.vendors.number_scheme",
                contains: "is missing but create_missing is true"),
        BadCase(yaml: "mapping:\n  vendors:\n    number_scheme: { prefix: \"PV\", width: 6 }\n", line: 3, field: "mapping.vendors.number_scheme",
                contains: "prefix 'PV' plus width 6 makes 8-character vendor numbers; Sage 100 VendorNo holds 7"),
        BadCase(yaml: "mapping:\n  vendors:\n    number_scheme: { prefix: \"p\", width: 6 }\n", line: 3, field: "mapping.vendors.number_scheme",
                contains: "may hold only upper-case letters and digits"),
        BadCase(yaml: "mapping:\n  vendors:\n    number_scheme: { prefix: \"P\", width: six }\n", line: 3, field: "mapping.vendors.number_scheme.width",
                contains: "'six' must be a whole number"),
        BadCase(yaml: "mapping:\n  vendors:\n    number_scheme: { prefix: \"P\" }\n", line: 3, field: "mapping.vendors.number_scheme.width",
                contains: "is missing"),
        BadCase(yaml: "mapping:\n  vendors:\n    table: { \"5551234\": \"ACMEDRYWALL\" }\n", line: 3, field: "mapping.vendors.table.\"5551234\"",
                contains: "is 11 characters; Sage 100 allows 7"),
        BadCase(yaml: "mapping:\n  vendors:\n    table: { \"5551234\": \"acme\" }\n", line: 3, field: "mapping.vendors.table.\"5551234\"",
                contains: "Sage 100 vendor numbers are upper case"),
        BadCase(yaml: "mapping:\n  vendors:\n    table: { \"-5\": \"ACME\" }\n", line: 3, field: "mapping.vendors.table.\"-5\"",
                contains: "is not a Procore vendor id"),
        BadCase(yaml: "mapping:\n  projects:\n    \"1001\": { job_no: \"1\" }\n    \"1001\": { job_no: \"2\" }\n", line: 4,
                field: "mapping.projects.\"1001\"", contains: "is given twice"),
        BadCase(yaml: "mapping:\n  projects: [1, 2]\n", line: 2, field: "mapping.projects", contains: "must be a mapping of keys to values (found a list)"),
        BadCase(yaml: "mapping:\n  projects:\n    \"1001\": { job_no: \"25\t1\" }\n", line: 3, field: "mapping.projects.\"1001\".job_no",
                contains: "contains control characters"),
        BadCase(yaml: "other: 1\n", line: 1, field: "mapping", contains: "is missing; add a mapping: section"),
        BadCase(yaml: "mapping:\n  rules:\n    - { cost_type: S, account: \"5100\" \n", line: nil, field: "YAML", contains: "cannot be read"),
        BadCase(yaml: "mapping:\n  terms_code: \"3\u{7}\"\n", line: 2, field: "YAML", contains: "control characters are not allowed"),
    ]

    @Test(arguments: badCases)
    func badSettingsNameFileLineAndField(_ bad: BadCase) throws {
        let error = MappingFixtures.configurationError { _ = try MappingFixtures.configuration(yaml: bad.yaml) }
        let found = try #require(error, "expected an error for \(bad.field)")
        #expect(found.file == "connector.yml")
        if let line = bad.line { #expect(found.line == line, "\(found)") }
        #expect(found.field == bad.field, "\(found)")
        #expect(found.description.contains(bad.contains), "\(found)")
        #expect(found.description.hasPrefix("connector.yml"))
    }

    @Test func yamlSyntaxErrorsNameTheLine() throws {
        let error = MappingFixtures.configurationError {
            _ = try MappingFixtures.configuration(yaml: "mapping:\n  projects:\n    \"1001\": { job_no: \"2501\"\n  bank_code: A\n")
        }
        let found = try #require(error)
        #expect(found.field == "YAML")
        #expect(found.line != nil)
        #expect(found.description.contains("check the indentation and quotes"))
    }

    @Test func emptyFileSaysTheSectionIsMissing() throws {
        let error = MappingFixtures.configurationError { _ = try MappingFixtures.configuration(yaml: "") }
        #expect(error?.description == "connector.yml: mapping is missing: the file is empty; add a mapping: section (see templates/mapping.yml)")
    }

    @Test func loadsTheCostCodeTableRelativeToTheConfigurationFile() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mapping"), withIntermediateDirectories: true)
        try "cost_code,cost_type,account,description\r\n03-100,L,5030-{division}-10,Concrete labor\r\n"
            .write(to: folder.appendingPathComponent("mapping/cost-codes.csv"), atomically: true, encoding: .utf8)
        try "mapping:\n  cost_code_table: mapping/cost-codes.csv\n  default_segments: { division: \"04\" }\n"
            .write(to: folder.appendingPathComponent("connector.yml"), atomically: true, encoding: .utf8)
        let configuration = try MappingConfiguration.load(configFile: folder.appendingPathComponent("connector.yml").path)
        #expect(configuration.costCodeTablePath == "mapping/cost-codes.csv")
        #expect(configuration.costCodeTableName == "mapping/cost-codes.csv")
        let row = try #require(configuration.costCodeTable?.rows.first)
        #expect(row.costCode == "03-100")
        #expect(row.costType == "L")
        #expect(row.account.text == "5030-{division}-10")
        #expect(row.description == "Concrete labor")
        #expect(row.file == "mapping/cost-codes.csv")
        #expect(row.line == 2)
    }

    @Test func aMissingTableFileIsAnErrorAtItsSetting() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("connector.yml")
        try "mapping:\n  cost_code_table: nowhere.csv\n".write(to: config, atomically: true, encoding: .utf8)
        let error = MappingFixtures.configurationError { _ = try MappingConfiguration.load(configFile: config.path) }
        let found = try #require(error)
        #expect(found.file == "connector.yml")
        #expect(found.line == 2)
        #expect(found.column == 20)
        #expect(found.field == "mapping.cost_code_table")
        #expect(found.description.contains("nowhere.csv' does not exist"))
    }

    @Test func aMissingConfigurationFileIsAnError() throws {
        let error = MappingFixtures.configurationError { _ = try MappingConfiguration.load(configFile: "/nonexistent/connector.yml") }
        #expect(error?.description.contains("'/nonexistent/connector.yml' does not exist") == true)
    }

    @Test func windows1252TablesAreRead() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = Array("cost_code,account,description\r\n01-100,5010-00-00,Caf".utf8)
        bytes.append(0xE9) // é in Windows-1252, invalid as UTF-8
        try Data(bytes).write(to: folder.appendingPathComponent("codes.csv"))
        try "mapping:\n  cost_code_table: codes.csv\n".write(to: folder.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        let configuration = try MappingConfiguration.load(configFile: folder.appendingPathComponent("c.yml").path)
        #expect(configuration.costCodeTable?.rows.first?.description == "Café")
    }

    @Test func theShippedTemplatesLoadTogether() throws {
        let path = MappingFixtures.repositoryRoot.appendingPathComponent("templates/mapping.yml").path
        let configuration = try MappingConfiguration.load(configFile: path)
        #expect(configuration.costCodeTablePath == "cost-codes.csv")
        let rows = try #require(configuration.costCodeTable?.rows)
        #expect(rows.count >= 5)
        #expect(configuration.rules.count == 3)
        #expect(configuration.vendors.numberScheme?.number(123) == "P000123")
        #expect(configuration.accounts.count == ControlAccount.allCases.filter { $0.isNeeded(by: configuration) }.count)
    }
}

@Suite("Mapping cost-code table")
struct MappingCostCodeTableTests {
    @Test func columnsAreFoundByNameAndExtraColumnsIgnored() throws {
        let table = try CostCodeTable.parse("""
        description,account,confidence,cost_code,cost_type
        Concrete,5030-04-00,80,03-100,
        Labor,5030-04-10,,03-100,l
        """, file: "cost-codes.csv")
        #expect(table.rows.count == 2)
        #expect(table.rows[0].costType == nil)
        #expect(table.rows[0].accountColumn == 2)
        #expect(table.rows[1].costType == "l")
        #expect(table.rows[1].description == "Labor")
    }

    @Test func rowsWithoutAnAccountAreSkippedAndGuardedCellsUnguarded() throws {
        let table = try CostCodeTable.parse("cost_code,cost_type,account,description\n01-100,,,not mapped yet\n'-100,,5010-00-00,'=odd\n,,,\n",
                                            file: "s.csv")
        #expect(table.rows.count == 1)
        #expect(table.rows[0].costCode == "-100")
        #expect(table.rows[0].description == "=odd")
        #expect(table.rows[0].line == 3)
    }

    @Test func headerProblemsAreNamed() {
        #expect(throws: MappingConfigurationError(file: "c.csv", line: 1, column: nil, field: "header",
                                                  problem: "has no 'account' column (found: cost_code,type,acct)",
                                                  fix: "the first line must be cost_code,cost_type,account,description")) {
            try CostCodeTable.parse("cost_code,type,acct\n", file: "c.csv")
        }
        #expect(throws: MappingConfigurationError(file: "c.csv", line: 1, column: nil, field: "header",
                                                  problem: "is missing: the file is empty",
                                                  fix: "start the file with the line cost_code,cost_type,account,description")) {
            try CostCodeTable.parse("", file: "c.csv")
        }
        let twice = MappingFixtures.configurationError { _ = try CostCodeTable.parse("cost_code,account,Account\n", file: "c.csv") }
        #expect(twice?.description == "c.csv line 1, column 3: header names the column 'account' twice (columns 2 and 3); keep one of them")
    }

    @Test func rowProblemsNameFileLineColumnAndField() {
        let header = "cost_code,cost_type,account,description\n"
        let cases: [(String, String)] = [
            ("01-100,,5010-00-00,x\n,,5010-00-00,y\n", "c.csv line 3, column 1: cost_code is empty; write the Procore cost code (full_code), e.g. 03-100"),
            ("01-100,,5010-{div,x\n", "c.csv line 2, column 3: account '5010-{div' has a '{' without a closing '}'"),
            ("01-100,LABOR-TYPE-X,5010-00-00,x\n", "c.csv line 2, column 2: cost_type 'LABOR-TYPE-X' is not a cost type (at most 10 characters)"),
            ("01-100,,5010-00-00,x,extra\n", "c.csv line 2, column 5: row has 5 fields but the header has 4; put quotes around values that contain a comma"),
            ("01-100,L,5010-00-00,x\n02-100,,5020-00-00,y\n01-100,l,5011-00-00,z\n",
             "c.csv line 4, column 1: cost_code '01-100' (type l) is mapped twice: on line 2 and line 4; keep one row per cost code and type"),
            ("01-100,,5010-00-00,\"open\n", "c.csv line 2, column 4: CSV a quoted field is never closed; add the missing closing quote (\")"),
            (String(repeating: "9", count: 51) + ",,5010-00-00,x\n", "c.csv line 2, column 1: cost_code '" + String(repeating: "9", count: 51)
                + "' is not a cost code (at most 50 characters, no control characters)"),
            ("\"01\t100\",,5010-00-00,x\n", "c.csv line 2, column 1: cost_code '01\\u{9}100' is not a cost code"),
        ]
        for (body, message) in cases {
            let error = MappingFixtures.configurationError { _ = try CostCodeTable.parse(header + body, file: "c.csv") }
            #expect(error?.description.hasPrefix(message) == true, "\(String(describing: error)) vs \(message)")
        }
    }
}

@Suite("Mapping configuration files")
struct MappingConfigurationFileTests {
    @Test func tablePlaceholdersNobodyDefinesAreLoadErrors() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "cost_code,account\n01-100,5010-00-00\n02-100,5020-{region}-00\n"
            .write(to: folder.appendingPathComponent("codes.csv"), atomically: true, encoding: .utf8)
        try "mapping:\n  cost_code_table: codes.csv\n  default_segments: { division: \"00\" }\n"
            .write(to: folder.appendingPathComponent("connector.yml"), atomically: true, encoding: .utf8)
        let error = MappingFixtures.configurationError {
            _ = try MappingConfiguration.load(configFile: folder.appendingPathComponent("connector.yml").path)
        }
        #expect(error?.description == "codes.csv line 3, column 2: account '5020-{region}-00' uses the placeholder {region}, "
            + "which no project and no default_segments entry defines; add region to mapping.default_segments or to the projects' segments in connector.yml")
    }

    @Test func aFolderInsteadOfATableIsAnError() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("codes.csv"), withIntermediateDirectories: true)
        try "mapping:\n  cost_code_table: codes.csv\n".write(to: folder.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        let error = MappingFixtures.configurationError { _ = try MappingConfiguration.load(configFile: folder.appendingPathComponent("c.yml").path) }
        #expect(error?.description.contains("is a folder, not a file") == true)
        #expect(error?.field == "mapping.cost_code_table")
    }

    @Test func aBadTableRowFailsTheLoadWithItsLocation() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "cost_code,cost_type,account\n01-100,,5010-00-00\n01-100,,5011-00-00\n"
            .write(to: folder.appendingPathComponent("cost-codes.csv"), atomically: true, encoding: .utf8)
        try "mapping:\n  cost_code_table: cost-codes.csv\n".write(to: folder.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        let error = MappingFixtures.configurationError { _ = try MappingConfiguration.load(configFile: folder.appendingPathComponent("c.yml").path) }
        #expect(error?.description == "cost-codes.csv line 3, column 1: cost_code '01-100' is mapped twice: on line 2 and line 3; keep one row per cost code and type")
    }

    @Test("a cost-code table cell that a spreadsheet would run as a formula is refused at load, as the inbox refuses it")
    func formulaCellRefusedAtLoad() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "cost_code,cost_type,account\n01-100,,5010-00-00\n01-200,,=1+2\n"
            .write(to: folder.appendingPathComponent("cost-codes.csv"), atomically: true, encoding: .utf8)
        try "mapping:\n  cost_code_table: cost-codes.csv\n".write(to: folder.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        let error = MappingFixtures.configurationError { _ = try MappingConfiguration.load(configFile: folder.appendingPathComponent("c.yml").path) }
        #expect(error?.line == 3 && error?.field == "account")
        #expect(error?.description.contains("runs as a formula") == true, "\(String(describing: error))")
    }

    @Test func accountSettingLinesAreKeptForLaterMessages() throws {
        let configuration = try MappingFixtures.configuration()
        #expect(configuration.file == "connector.yml")
        #expect(configuration.lines["mapping.default_account"] == 12)
        #expect(configuration.lines["mapping.accounts.revenue"] == 16)
        #expect(configuration.lines["mapping.rules[2].account"] == 10)
    }
}
