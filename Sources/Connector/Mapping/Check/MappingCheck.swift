import Sage100

/// Checks a mapping against the cost codes Procore uses and Sage's GL accounts (`map check`).
///
/// Every cost code line seen is resolved as a posting would resolve it; every table row, rule,
/// default and control account is also checked on its own (for each configured project when
/// it has placeholders), so a bad row shows up before any cost code uses it.
public enum MappingCheck {
    /// Builds the report. `costCodes` may repeat; each project, code and type is checked once.
    public static func run(costCodes: [ProcoreCostCodeUse], accounts: [GLAccount], structure: AccountStructure,
                           configuration: MappingConfiguration) -> MappingReport {
        let resolver = AccountResolver(configuration: configuration, structure: structure, accounts: accounts)

        var unique: [String: ProcoreCostCodeUse] = [:]
        for use in costCodes {
            let key = "\(use.projectID)\u{1F}\(MatchKey.code(use.costCode))\u{1F}\(MatchKey.type(use.costType) ?? "")"
            if unique[key] == nil { unique[key] = use }
        }
        let uses = unique.values.sorted {
            ($0.projectID, MatchKey.code($0.costCode), MatchKey.type($0.costType) ?? "")
                < ($1.projectID, MatchKey.code($1.costCode), MatchKey.type($1.costType) ?? "")
        }
        let lines = uses.map { use -> MappingReportLine in
            switch resolver.resolve(costCode: use.costCode, costType: use.costType, projectID: use.projectID) {
            case .success(let ref):
                return MappingReportLine(projectID: use.projectID, costCode: use.costCode, costType: MatchKey.type(use.costType),
                                         name: use.name, status: .mapped, account: ref.account, accountKey: ref.accountKey,
                                         source: ref.source.description)
            case .failure(let error):
                return MappingReportLine(projectID: use.projectID, costCode: use.costCode, costType: MatchKey.type(use.costType),
                                         name: use.name, status: status(error), account: error.account,
                                         source: error.source?.description, message: error.description)
            }
        }

        var issues = configurationIssues(resolver: resolver)
        let mappedProjects = Set(configuration.projects.keys)
        for projectID in Set(uses.map(\.projectID)).subtracting(mappedProjects).sorted() {
            issues.append(MappingReportIssue(
                code: "project-not-mapped", location: "mapping.projects",
                message: "project \(projectID) has cost codes but no entry in mapping.projects, so it has no Sage job number; "
                    + "add \"\(projectID)\": { job_no: \"…\", segments: { … } }"))
        }
        return MappingReport(accountStructure: structure.mask, lines: lines, issues: issues)
    }

    static func status(_ error: AccountResolutionError) -> MappingReportLine.Status {
        switch error {
        case .unmapped, .controlAccountNotSet: return .unmapped
        case .missingSegment: return .missingSegment
        case .notInStructure: return .notInStructure
        case .notInSage: return .notInSage
        case .notActive(_, _, _, _, let status): return status == .deleted ? .deleted : .inactive
        }
    }

    /// Problems in the table rows, rules, default account and control accounts.
    static func configurationIssues(resolver: AccountResolver) -> [MappingReportIssue] {
        let configuration = resolver.configuration
        var entries: [(template: AccountTemplate, source: MappingSource, location: String, what: String)] = []
        for row in configuration.costCodeTable?.rows ?? [] {
            let type = row.costType.map { ", type \($0)" } ?? ""
            entries.append((row.account, .csvRow(file: row.file, line: row.line),
                            "\(row.file) line \(row.line), column \(row.accountColumn)", "cost code \(row.costCode)\(type)"))
        }
        for rule in configuration.rules {
            let line = rule.line.map { " (line \($0))" } ?? ""
            entries.append((rule.account, .rule(number: rule.number, line: rule.line),
                            "mapping.rules[\(rule.number)]\(line)", rule.conditionText))
        }
        if let account = configuration.defaultAccount {
            entries.append((account, .defaultAccount, "mapping.default_account", "unmatched cost codes"))
        }
        var issues: [MappingReportIssue] = []
        for control in ControlAccount.allCases {
            if let account = configuration.accounts[control] {
                entries.append((account, .controlAccount(control), control.keyPath, control.rawValue.replacingAll("_", with: " ")))
            } else if control.isNeeded(by: configuration) {
                issues.append(MappingReportIssue(code: "control-not-set", location: control.keyPath,
                                                 message: "\(control.keyPath) is not set; add it to the mapping section of the configuration"))
            }
        }

        let projectIDs = configuration.projects.keys.sorted()
        var seen = Set<String>()
        for entry in entries {
            var contexts: [Int64?] = []
            let coveredByDefaults = entry.template.placeholders.allSatisfy { configuration.defaultSegments[$0] != nil }
            if entry.template.placeholders.isEmpty || (coveredByDefaults && projectIDs.isEmpty) {
                contexts = [nil]
            } else {
                contexts = projectIDs
                if projectIDs.isEmpty { contexts = [nil] }
            }
            for projectID in contexts {
                let result = resolver.resolve(template: entry.template, source: entry.source, subject: entry.what, projectID: projectID)
                guard case .failure(let error) = result else { continue }
                let forProject = projectID.map { " for project \($0)" } ?? ""
                let message: String
                switch error {
                case .notInStructure(_, _, let account, let mask, let reason):
                    message = "\(entry.location): account '\(account)'\(forProject) \(reason); it must fit the account structure \(mask)"
                case .notInSage(_, _, let account):
                    message = "\(entry.location): account \(account)\(forProject) (\(entry.what)) is not in Sage 100's GL account list; "
                        + "create it in Sage 100 or change the mapping, then refresh the reference data"
                case .notActive(_, _, let account, _, let status):
                    message = status == .deleted
                        ? "\(entry.location): account \(account)\(forProject) (\(entry.what)) is deleted in Sage 100 (Status D); change the mapping to an active account"
                        : "\(entry.location): account \(account)\(forProject) (\(entry.what)) is inactive in Sage 100 (Status \(status.rawValue)); activate it or change the mapping"
                case .missingSegment(_, _, let template, let placeholder, let projectID):
                    let fix = projectID.map { "add \(placeholder) to mapping.projects.\"\($0)\".segments or to mapping.default_segments" }
                        ?? "add \(placeholder) to mapping.default_segments"
                    message = "\(entry.location): account \(template) needs {\(placeholder)}\(forProject), which is not defined; \(fix)"
                case .unmapped, .controlAccountNotSet:
                    message = "\(entry.location): \(error.description)"
                }
                guard seen.insert(message).inserted else { continue }
                issues.append(MappingReportIssue(code: error.code, location: entry.location, message: message))
            }
        }
        return issues
    }
}
