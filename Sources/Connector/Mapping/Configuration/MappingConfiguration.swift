import Foundation
import Yams

/// The `mapping:` section of the connector configuration: how Procore cost codes, projects and
/// vendors become Sage 100 GL accounts, jobs and vendor numbers. See `docs/mapping.md`.
///
/// Load it with ``load(configFile:)`` (reads the file and the cost-code CSV next to it) or
/// ``parse(yaml:file:baseDirectory:)``. Everything that can be checked without Sage's data is
/// checked at load time, with errors that name the file, line, column and key.
public struct MappingConfiguration: Sendable, Hashable {
    /// `cost_code_table` as written (relative to the configuration file), if any.
    public var costCodeTablePath: String?
    /// The rows of the cost-code table (empty when there is none).
    public var costCodeTable: CostCodeTable?
    /// Procore project id -> Sage job and segment values.
    public var projects: [Int64: ProjectMapping]
    /// Placeholder values used when the project does not set them.
    public var defaultSegments: [String: String]
    /// Rules in order; tried after the CSV rows.
    public var rules: [MappingRule]
    /// The account used when nothing else matches (nil: unmatched codes are errors).
    public var defaultAccount: AccountTemplate?
    /// Control accounts (retainage, AP control, revenue, …).
    public var accounts: [ControlAccount: AccountTemplate]
    /// Sage bank code for manual checks (1 character).
    public var bankCode: String?
    /// Vendor mapping.
    public var vendors: VendorMappingConfiguration
    /// Sage `APDivisionNo` (2 digits; "00" when not set).
    public var apDivision: String
    /// Sage `TermsCode` for new vendors and invoices (at most 2 characters).
    public var termsCode: String?
    /// How approved owner payment applications post (`owner_billing`, default journal entry).
    public var ownerBilling: OwnerBilling = .journalEntry
    /// How approved commitment change orders post (`change_orders`, default purchase order).
    public var changeOrders: ChangeOrderPosting = .purchaseOrder
    /// Which system records subcontractor payments (`payments`, default procore).
    public var payments: PaymentsSystem = .procore
    /// `link_back`: after a commitment, requisition or contract payment posts, its Procore record gets the Sage
    /// key as origin_id (``OriginLinker``). Off by default: it writes to Procore.
    public var linkBack = false
    /// `job_costs_to_procore`: job costs posted in Sage 100 that did not come from Procore (AP
    /// invoices keyed in Sage, payroll, Job Cost entries) become Procore direct costs, with the
    /// Sage key as origin_id, on `reference` (and `serve`'s reference job).
    public var jobCostsToProcore = false
    /// Sage `ARDivisionNo` of owner billings (2 digits; "00" when not set).
    public var arDivision: String = "00"
    /// Project -> AR customer (`customers`), for `owner_billing: sales_order`.
    public var customers: CustomerMappingConfiguration = .init()
    /// The sales order's billing line (`sales_orders`), for `owner_billing: sales_order`.
    public var salesOrders: SalesOrderMappingConfiguration = .init()
    /// The eBusiness namespace and user the sales order envelopes are written for, from the
    /// configuration's `ebusiness:` section (see ``attachEBusiness(namespace:username:endpoint:)``).
    public var ebusiness: EBusinessEnvelopeSettings?
    /// The configuration file's name, for messages.
    public var file: String = "connector.yml"
    /// Line of each account setting in the configuration file, by key path
    /// (`mapping.default_account`, `mapping.accounts.revenue`, `mapping.rules[2].account`).
    public var lines: [String: Int] = [:]

    public init(costCodeTablePath: String? = nil, costCodeTable: CostCodeTable? = nil,
                projects: [Int64: ProjectMapping] = [:], defaultSegments: [String: String] = [:],
                rules: [MappingRule] = [], defaultAccount: AccountTemplate? = nil,
                accounts: [ControlAccount: AccountTemplate] = [:], bankCode: String? = nil,
                vendors: VendorMappingConfiguration = .init(), apDivision: String = "00", termsCode: String? = nil) {
        self.costCodeTablePath = costCodeTablePath
        self.costCodeTable = costCodeTable
        self.projects = projects
        self.defaultSegments = defaultSegments
        self.rules = rules
        self.defaultAccount = defaultAccount
        self.accounts = accounts
        self.bankCode = bankCode
        self.vendors = vendors
        self.apDivision = apDivision
        self.termsCode = termsCode
    }

    /// Keys allowed directly under `mapping:`.
    public static let keys = ["cost_code_table", "projects", "default_segments", "rules", "default_account",
                              "accounts", "bank_code", "vendors", "ap_division", "terms_code", "owner_billing",
                              "change_orders", "payments", "link_back", "job_costs_to_procore", "ar_division", "customers", "sales_orders"]
    /// Largest cost-code CSV accepted (bytes).
    public static let maxTableBytes = 20 * 1024 * 1024
    /// Longest Sage `JobNo`.
    public static let maxJobNoLength = 7

    /// The name the cost-code table is known by in messages ("add a row to …").
    public var costCodeTableName: String { costCodeTablePath ?? "cost-codes.csv" }

    /// The value of placeholder `name` for `projectID`: the project's segments, then
    /// `default_segments`.
    public func segmentValue(_ name: String, projectID: Int64?) -> String? {
        if let projectID, let value = projects[projectID]?.segments[name] { return value }
        return defaultSegments[name]
    }

    // MARK: Loading

    /// Reads `path` (a YAML file with a top-level `mapping:` key) and the cost-code table it names.
    public static func load(configFile path: String) throws(MappingConfigurationError) -> MappingConfiguration {
        let name = (path as NSString).lastPathComponent
        let text = try readText(path: path, shownAs: name, field: "file")
        return try parse(yaml: text, file: name, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    /// Parses YAML text whose root holds a `mapping:` key. `baseDirectory` is where a relative
    /// `cost_code_table` is looked for; nil leaves the table unread (``costCodeTable`` nil).
    public static func parse(yaml: String, file: String, baseDirectory: String?) throws(MappingConfigurationError) -> MappingConfiguration {
        let root: Node?
        do {
            root = try YAMLText.compose(yaml)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch let error as YAMLText.Refused {
            throw MappingConfigurationError(file: file, line: error.line, column: nil, field: "YAML", problem: error.reason)
        } catch {
            throw MappingConfigurationError(file: file, line: nil, column: nil, field: "YAML", problem: "cannot be read: \(error)")
        }
        let reader = YAMLSection(file: file)
        guard let root, !reader.isNull(root) else {
            throw MappingConfigurationError(file: file, line: nil, column: nil, field: "mapping",
                                            problem: "is missing: the file is empty", fix: "add a mapping: section (see templates/mapping.yml)")
        }
        guard root.mapping != nil else {
            throw reader.fail(root, "mapping", "is missing: the file is not a YAML mapping")
        }
        guard let section = root["mapping"] else {
            throw reader.fail(root, "mapping", "is missing", "add a mapping: section (see templates/mapping.yml)")
        }
        return try MappingConfiguration(section: section, file: file, baseDirectory: baseDirectory)
    }

    /// Builds the configuration from the value of the `mapping:` key (for callers that parse the
    /// whole configuration file themselves).
    public init(section: Node, file: String, baseDirectory: String?) throws(MappingConfigurationError) {
        let reader = YAMLSection(file: file)
        self.init()
        self.file = file
        var placeholderUses: [(name: String, node: Node, path: String)] = []
        var ownerBillingNode: Node?
        var changeOrdersNode: Node?
        func template(_ node: Node, _ path: String) throws(MappingConfigurationError) -> AccountTemplate {
            let text = try reader.string(node, path)
            let template: AccountTemplate
            do {
                template = try AccountTemplate(text)
            } catch {
                throw reader.fail(node, path, error.message)
            }
            for name in template.placeholders { placeholderUses.append((name, node, path)) }
            if let line = node.mark?.line { lines[path] = line }
            return template
        }
        func segments(_ node: Node, _ path: String) throws(MappingConfigurationError) -> [String: String] {
            var result: [String: String] = [:]
            for (key, keyNode, value) in try reader.pairs(node, path) {
                guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0.isPlaceholderCharacter }) else {
                    throw reader.fail(keyNode, "\(path).\(key)", "is not a segment name; use letters, digits and _ (e.g. division)")
                }
                let text = try reader.string(value, "\(path).\(key)").trimmingWhitespace
                guard !text.isEmpty, text.count <= 15,
                      text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) else {
                    throw reader.fail(value, "\(path).\(key)", "'\(SafeText.shown(text))' must be 1-15 letters or digits (a GL account segment)")
                }
                result[key] = text
            }
            return result
        }

        for (key, _, value) in try reader.pairs(section, "mapping", allowed: MappingConfiguration.keys) {
            let path = "mapping.\(key)"
            if reader.isNull(value) { continue }
            switch key {
            case "cost_code_table":
                let tablePath = try reader.string(value, path).trimmingWhitespace
                guard !tablePath.isEmpty, !tablePath.contains("\u{0}") else {
                    throw reader.fail(value, path, "is empty", "name a CSV file next to the configuration, e.g. cost-codes.csv")
                }
                costCodeTablePath = tablePath
                if let baseDirectory {
                    let full = tablePath.hasPrefix("/") ? tablePath
                        : (baseDirectory.isEmpty ? tablePath : (baseDirectory as NSString).appendingPathComponent(tablePath))
                    let text: String
                    do {
                        text = try MappingConfiguration.readText(path: full, shownAs: tablePath, field: path)
                    } catch {
                        throw reader.fail(value, path, error.problem, error.fix)
                    }
                    costCodeTable = try CostCodeTable.parse(text, file: tablePath)
                }
            case "projects":
                for (idText, idNode, projectNode) in try reader.pairs(value, path) {
                    let projectPath = "\(path).\"\(idText)\""
                    guard let id = Int64(idText.trimmingWhitespace), id > 0 else {
                        throw reader.fail(idNode, projectPath, "is not a Procore project id (a positive whole number)")
                    }
                    var project = ProjectMapping(projectID: id)
                    for (field, _, fieldNode) in try reader.pairs(projectNode, projectPath, allowed: ["job_no", "segments"]) {
                        if reader.isNull(fieldNode) { continue }
                        if field == "job_no" {
                            project.jobNo = try reader.text(fieldNode, "\(projectPath).job_no",
                                                            maxLength: MappingConfiguration.maxJobNoLength, what: "the Sage job number")
                        } else {
                            project.segments = try segments(fieldNode, "\(projectPath).segments")
                        }
                    }
                    projects[id] = project
                }
            case "default_segments":
                defaultSegments = try segments(value, path)
            case "rules":
                for (offset, ruleNode) in try reader.sequence(value, path).enumerated() {
                    let rulePath = "\(path)[\(offset + 1)]"
                    var account: AccountTemplate?
                    var rule = (code: String?.none, prefix: String?.none, pattern: String?.none, type: String?.none)
                    for (field, _, fieldNode) in try reader.pairs(ruleNode, rulePath,
                                                                  allowed: ["cost_code", "cost_code_prefix", "cost_code_pattern", "cost_type", "account"]) {
                        let fieldPath = "\(rulePath).\(field)"
                        if field == "account" {
                            account = try template(fieldNode, fieldPath)
                            continue
                        }
                        let text = try reader.string(fieldNode, fieldPath).trimmingWhitespace
                        guard !text.isEmpty else { throw reader.fail(fieldNode, fieldPath, "is empty", "remove it or give a value") }
                        switch field {
                        case "cost_code": rule.code = text
                        case "cost_code_prefix": rule.prefix = text
                        case "cost_code_pattern": rule.pattern = text
                        default: rule.type = text
                        }
                    }
                    guard let account else {
                        throw reader.fail(ruleNode, "\(rulePath).account", "is missing", "every rule needs an account")
                    }
                    guard rule.code != nil || rule.prefix != nil || rule.pattern != nil || rule.type != nil else {
                        throw reader.fail(ruleNode, rulePath, "has no condition (cost_code, cost_code_prefix, cost_code_pattern or cost_type)",
                                          "to map everything else, use mapping.default_account instead")
                    }
                    rules.append(MappingRule(number: offset + 1, costCode: rule.code, costCodePrefix: rule.prefix,
                                             costCodePattern: rule.pattern, costType: rule.type, account: account,
                                             line: ruleNode.mark?.line))
                }
            case "default_account":
                defaultAccount = try template(value, path)
            case "accounts":
                if let retired = try reader.pairs(value, path).first(where: { $0.key == "change_order_offset" }) {
                    throw reader.fail(retired.keyNode, "\(path).change_order_offset",
                                      "is no longer used: a change order is a commitment, not a cost, so by default it adds lines to the commitment's purchase order (mapping.change_orders: purchase_order)",
                                      "remove it; to keep change orders in the GL, set mapping.change_orders: journal_entry with memo accounts mapping.accounts.committed_cost and mapping.accounts.commitments_offset")
                }
                for (name, _, accountNode) in try reader.pairs(value, path, allowed: ControlAccount.allCases.map(\.rawValue)) {
                    if reader.isNull(accountNode) { continue }
                    accounts[ControlAccount(rawValue: name)!] = try template(accountNode, "\(path).\(name)")
                }
            case "bank_code":
                let code = try reader.text(value, path, maxLength: 1, what: "the Sage bank code (one letter or digit)").uppercased()
                guard code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                    throw reader.fail(value, path, "'\(SafeText.shown(code))' must be one letter or digit")
                }
                bankCode = code
            case "vendors":
                vendors = try MappingConfiguration.vendorSection(value, path, reader)
            case "ap_division":
                let division = try reader.text(value, path, maxLength: 2, what: "the Sage AP division, e.g. 00")
                guard division.count == 2, division.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                    throw reader.fail(value, path, "'\(division)' must be 2 digits, e.g. 00 (quote it in YAML: \"00\")")
                }
                apDivision = division
            case "terms_code":
                termsCode = try reader.text(value, path, maxLength: 2, what: "the Sage terms code")
            case "owner_billing":
                ownerBilling = try MappingConfiguration.mode(value, path, reader, what: "how owner billings post",
                                                             meaning: "owner payment applications post as journal_entry or sales_order")
                ownerBillingNode = value
            case "change_orders":
                changeOrders = try MappingConfiguration.mode(value, path, reader, what: "how change orders post",
                                                             meaning: "commitment change orders post as purchase_order (lines added to the commitment's purchase order) or journal_entry (memo accounts)")
                changeOrdersNode = value
            case "payments":
                payments = try MappingConfiguration.mode(value, path, reader, what: "the payments system",
                                                         meaning: "payments are recorded in procore (posted to Sage as manual checks) or sage (checks written in Sage 100, never posted from Procore)")
            case "link_back":
                linkBack = try reader.bool(value, path)
            case "job_costs_to_procore":
                jobCostsToProcore = try reader.bool(value, path)
            case "ar_division":
                let division = try reader.text(value, path, maxLength: 2, what: "the Sage AR division, e.g. 00")
                guard division.count == 2, division.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                    throw reader.fail(value, path, "'\(division)' must be 2 digits, e.g. 00 (quote it in YAML: \"00\")")
                }
                arDivision = division
            case "customers":
                customers = try MappingConfiguration.customerSection(value, path, reader)
            case "sales_orders":
                salesOrders = try MappingConfiguration.salesOrderSection(value, path, reader)
            default:
                break
            }
        }

        if ownerBilling == .salesOrder, !customers.isConfigured, let node = ownerBillingNode {
            throw reader.fail(node, "mapping.owner_billing",
                              "is sales_order but mapping.customers names no customer for any project (no table, create_missing off)",
                              "add mapping.customers: { table: { \"<project id>\": \"CUSTNO\" } } or create_missing: true with a number_scheme, or set owner_billing: journal_entry")
        }
        if changeOrders == .journalEntry, let node = changeOrdersNode {
            for memo in [ControlAccount.committedCost, .commitmentsOffset] where accounts[memo] == nil {
                throw reader.fail(node, "mapping.change_orders",
                                  "is journal_entry but \(memo.keyPath) is not set",
                                  "add memo accounts mapping.accounts.committed_cost and mapping.accounts.commitments_offset (accounts outside job cost and the P&L), or set change_orders: purchase_order")
            }
            // A memo account that is also where a cost code posts would count the commitment as a cost.
            var costTargets: [(String, String)] = (costCodeTable?.rows ?? []).map { ($0.account.text, "\($0.file) line \($0.line)") }
            costTargets += rules.map { ($0.account.text, "mapping.rules[\($0.number)]") }
            if let defaultAccount { costTargets.append((defaultAccount.text, "mapping.default_account")) }
            for memo in [ControlAccount.committedCost, .commitmentsOffset] {
                guard let template = accounts[memo], let hit = costTargets.first(where: { $0.0 == template.text }) else { continue }
                throw MappingConfigurationError(
                    file: file, line: lines[memo.keyPath], column: nil, field: memo.keyPath,
                    problem: "'\(template.text)' is a cost account (\(hit.1) maps cost codes to it); a change order is a commitment, not a cost, and would be counted twice with the invoices that bill its work",
                    fix: "use a memo account outside job cost and the P&L for \(memo.keyPath)")
            }
        }
        for row in costCodeTable?.rows ?? [] {
            for name in row.account.placeholders
            where defaultSegments[name] == nil && !projects.values.contains(where: { $0.segments[name] != nil }) {
                throw MappingConfigurationError(
                    file: row.file, line: row.line, column: row.accountColumn, field: "account",
                    problem: "'\(row.account.text)' uses the placeholder {\(name)}, which no project and no default_segments entry defines",
                    fix: "add \(name) to mapping.default_segments or to the projects' segments in \(file)")
            }
        }
        for use in placeholderUses {
            let defined = defaultSegments[use.name] != nil || projects.values.contains { $0.segments[use.name] != nil }
            if !defined {
                throw reader.fail(use.node, use.path, "uses the placeholder {\(use.name)}, which no project and no default_segments entry defines",
                                  "add \(use.name) to mapping.default_segments or to the projects' segments")
            }
        }
    }

    /// A `number_scheme: { prefix, width }` node, checked by `make` (the scheme's own rules).
    static func numberScheme<Scheme>(_ value: Node, _ fieldPath: String, _ reader: YAMLSection,
                                     _ make: (String, Int) throws(AccountTemplateProblem) -> Scheme) throws(MappingConfigurationError) -> Scheme {
        var prefix = ""
        var width: Int?
        for (field, _, fieldNode) in try reader.pairs(value, fieldPath, allowed: ["prefix", "width"]) {
            if field == "prefix" {
                prefix = reader.isNull(fieldNode) ? "" : try reader.string(fieldNode, "\(fieldPath).prefix").trimmingWhitespace
            } else {
                width = try reader.int(fieldNode, "\(fieldPath).width")
            }
        }
        guard let width else {
            throw reader.fail(value, "\(fieldPath).width", "is missing", "give the number of digits, e.g. width: 6")
        }
        do {
            return try make(prefix, width)
        } catch {
            throw reader.fail(value, fieldPath, error.message)
        }
    }

    /// A `table: { "<procore id>": SAGEKEY }` node: ids positive, keys within `maxLength` and
    /// passing `problem` (nil when the key is fine).
    static func keyTable(_ value: Node, _ fieldPath: String, _ reader: YAMLSection, procoreID: String, maxLength: Int,
                         what: String, problem: (String) -> String?) throws(MappingConfigurationError) -> [Int64: String] {
        var table: [Int64: String] = [:]
        for (idText, idNode, keyNode) in try reader.pairs(value, fieldPath) {
            let entryPath = "\(fieldPath).\"\(idText)\""
            guard let id = Int64(idText.trimmingWhitespace), id > 0 else {
                throw reader.fail(idNode, entryPath, "is not \(procoreID) (a positive whole number)")
            }
            let key = try reader.text(keyNode, entryPath, maxLength: maxLength, what: what)
            if let problem = problem(key) {
                throw reader.fail(keyNode, entryPath, problem)
            }
            table[id] = key
        }
        return table
    }

    static func vendorSection(_ node: Node, _ path: String, _ reader: YAMLSection) throws(MappingConfigurationError) -> VendorMappingConfiguration {
        var result = VendorMappingConfiguration()
        var schemeNode: Node?
        for (key, _, value) in try reader.pairs(node, path, allowed: ["create_missing", "number_scheme", "table", "sync_to_procore"]) {
            let fieldPath = "\(path).\(key)"
            if reader.isNull(value) { continue }
            switch key {
            case "create_missing":
                result.createMissing = try reader.bool(value, fieldPath)
            case "sync_to_procore":
                result.syncToProcore = try reader.bool(value, fieldPath)
            case "number_scheme":
                schemeNode = value
                result.numberScheme = try numberScheme(value, fieldPath, reader) { prefix, width throws(AccountTemplateProblem) in
                    try VendorNumberScheme(prefix: prefix, width: width)
                }
            case "table":
                result.table = try keyTable(value, fieldPath, reader, procoreID: "a Procore vendor id",
                                            maxLength: VendorNumberScheme.maxLength, what: "the Sage vendor number",
                                            problem: VendorNumber.problem)
            default:
                break
            }
        }
        if result.createMissing && result.numberScheme == nil {
            throw reader.fail(schemeNode ?? node, "\(path).number_scheme", "is missing but create_missing is true",
                              "add number_scheme: { prefix: \"P\", width: 6 } or set create_missing: false")
        }
        return result
    }

    static func readText(path: String, shownAs: String, field: String) throws(MappingConfigurationError) -> String {
        func fail(_ problem: String, _ fix: String? = nil) -> MappingConfigurationError {
            MappingConfigurationError(file: shownAs, line: nil, column: nil, field: field, problem: problem, fix: fix)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("'\(SafeText.shown(path, limit: 200))' does not exist", "check the path (relative paths start at the configuration file's folder)")
        }
        guard !isDirectory.boolValue else { throw fail("'\(SafeText.shown(path, limit: 200))' is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("'\(SafeText.shown(path, limit: 200))' cannot be read", "check the file permissions")
        }
        guard data.count <= maxTableBytes else {
            throw fail("'\(SafeText.shown(path, limit: 200))' is \(data.count) bytes; the limit is \(maxTableBytes)")
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        // Spreadsheets on Windows save "CSV" in Windows-1252.
        if let text = String(data: data, encoding: .windowsCP1252) { return text }
        throw fail("'\(SafeText.shown(path, limit: 200))' is neither UTF-8 nor Windows-1252 text", "save it as CSV UTF-8")
    }

    static func yamlError(_ error: YamlError, file: String) -> MappingConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return MappingConfigurationError(file: file, line: mark.line, column: mark.column, field: "YAML",
                                             problem: "cannot be read: \(problem)", fix: "check the indentation and quotes")
        case .reader(let problem, let offset, _, let yaml):
            var line: Int?
            var column: Int?
            if let offset {
                // libyaml counts the offset in bytes of UTF-8.
                let prefix = yaml.utf8.prefix(max(0, offset))
                line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
                column = prefix.reversed().prefix { $0 != UInt8(ascii: "\n") }.count + 1
            }
            return MappingConfigurationError(file: file, line: line, column: column, field: "YAML",
                                             problem: "cannot be read: \(problem)", fix: "remove control characters and save the file as UTF-8")
        default:
            return MappingConfigurationError(file: file, line: nil, column: nil, field: "YAML", problem: "cannot be read: \(error)")
        }
    }
}
