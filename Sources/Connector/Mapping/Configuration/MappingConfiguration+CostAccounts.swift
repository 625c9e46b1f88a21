extension MappingConfiguration {
    /// Every account the mapping charges cost to (cost-code table rows, rules and the default
    /// account, filled for each mapped project and for the default segments), as written
    /// (`5100-04-00`). Only AP invoices (and direct costs) may post to them: the reconciliation
    /// reports any other posting to one as an exception, since a commitment is not a cost.
    public func costAccounts() -> Set<String> {
        var templates = (costCodeTable?.rows ?? []).map(\.account) + rules.map(\.account)
        if let defaultAccount { templates.append(defaultAccount) }
        let contexts: [Int64?] = projects.keys.sorted().map { Optional($0) } + [nil]
        var accounts: Set<String> = []
        for template in templates {
            for projectID in template.placeholders.isEmpty ? [nil] : contexts {
                if case .success(let account) = template.fill({ segmentValue($0, projectID: projectID) }) {
                    accounts.insert(account)
                }
            }
        }
        return accounts
    }
}
