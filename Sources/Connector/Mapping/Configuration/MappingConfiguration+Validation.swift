import Sage100

extension MappingConfiguration {
    /// Checks every account in the table, the rules, the default and the control accounts
    /// against the account structure, for each configured project when the account has
    /// placeholders (and with `default_segments` alone). Errors name the file, line, column and
    /// field: "cost-codes.csv line 7, column 3: account '51X0-04-00' segment 1 '51X0' must be 4
    /// digits; …". Returns an empty list when everything fits. Sage's account list is not
    /// needed; ``MappingCheck`` also checks that the accounts exist and are active.
    public func validate(structure: AccountStructure) -> [MappingConfigurationError] {
        var entries: [(template: AccountTemplate, file: String, line: Int?, column: Int?, field: String)] = []
        for row in costCodeTable?.rows ?? [] {
            entries.append((row.account, row.file, row.line, row.accountColumn, "account"))
        }
        for rule in rules {
            let path = "mapping.rules[\(rule.number)].account"
            entries.append((rule.account, file, lines[path] ?? rule.line, nil, path))
        }
        if let defaultAccount {
            entries.append((defaultAccount, file, lines["mapping.default_account"], nil, "mapping.default_account"))
        }
        for control in ControlAccount.allCases {
            if let template = accounts[control] { entries.append((template, file, lines[control.keyPath], nil, control.keyPath)) }
        }

        var contexts: [Int64?] = projects.keys.sorted().map { Optional($0) }
        contexts.append(nil)
        var errors: [MappingConfigurationError] = []
        var seen = Set<String>()
        for entry in entries {
            let tried = entry.template.placeholders.isEmpty ? [nil] : contexts
            for projectID in tried {
                let account: String
                switch entry.template.fill({ segmentValue($0, projectID: projectID) }) {
                case .success(let text):
                    account = text
                case .failure(let missing):
                    let error: MappingConfigurationError
                    if let projectID {
                        error = MappingConfigurationError(
                            file: entry.file, line: entry.line, column: entry.column, field: entry.field,
                            problem: "'\(entry.template.text)' needs {\(missing.name)} for project \(projectID), which neither its segments nor default_segments give",
                            fix: "add \(missing.name) to mapping.projects.\"\(projectID)\".segments or to mapping.default_segments")
                    } else if projects.isEmpty {
                        error = MappingConfigurationError(
                            file: entry.file, line: entry.line, column: entry.column, field: entry.field,
                            problem: "'\(entry.template.text)' uses {\(missing.name)}, which no project and no default_segments entry defines",
                            fix: "add \(missing.name) to mapping.default_segments or to the projects' segments")
                    } else {
                        continue
                    }
                    if seen.insert(error.description).inserted { errors.append(error) }
                    continue
                }
                do {
                    _ = try structure.formatted(account)
                } catch {
                    let forProject = projectID.map { " (for project \($0))" } ?? ""
                    let shown = account == entry.template.text ? "'\(account)'" : "'\(entry.template.text)' -> '\(account)'\(forProject)"
                    let problem = "\(shown) \(AccountResolver.reason(error))"
                    let failure = MappingConfigurationError(file: entry.file, line: entry.line, column: entry.column, field: entry.field,
                                                            problem: problem, fix: "it must fit the account structure \(structure.mask)")
                    if seen.insert(failure.description).inserted { errors.append(failure) }
                }
            }
        }
        return errors
    }
}
