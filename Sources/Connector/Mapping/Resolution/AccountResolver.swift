import Sage100

/// Turns a Procore cost code (with its cost type) on a project into an active Sage GL account.
///
/// Order: cost-code table rows (code and type, then code with any type), then `mapping.rules`
/// in order (first match wins), then `mapping.default_account`. Placeholders are filled from
/// the project's segments, then `default_segments`; the account is formatted and zero-filled
/// against the account structure and must exist, active, in Sage's GL account list.
public struct AccountResolver: Sendable {
    /// The mapping in force.
    public let configuration: MappingConfiguration
    /// The company's GL account structure.
    public let structure: AccountStructure
    let accountsByNumber: [String: GLAccount]
    let exactRows: [String: CostCodeRow]
    let anyTypeRows: [String: CostCodeRow]

    /// `accounts` is Sage's GL account list (all statuses).
    public init(configuration: MappingConfiguration, structure: AccountStructure, accounts: [GLAccount]) {
        self.configuration = configuration
        self.structure = structure
        var byNumber: [String: GLAccount] = [:]
        for account in accounts {
            let key = (try? structure.formatted(account.account)) ?? account.account
            if let existing = byNumber[key], existing.status == .active { continue }
            byNumber[key] = account
        }
        self.accountsByNumber = byNumber
        var exact: [String: CostCodeRow] = [:]
        var any: [String: CostCodeRow] = [:]
        for row in configuration.costCodeTable?.rows ?? [] {
            let code = MatchKey.code(row.costCode)
            if let type = MatchKey.type(row.costType) {
                if exact[code + "\u{1F}" + type] == nil { exact[code + "\u{1F}" + type] = row }
            } else if any[code] == nil {
                any[code] = row
            }
        }
        self.exactRows = exact
        self.anyTypeRows = any
    }

    /// Words naming a cost code line: "cost code 09-250 (type M) on project 1001".
    public static func subject(costCode: String, costType: String?, projectID: Int64?) -> String {
        var text = "cost code \(costCode.trimmingWhitespace)"
        if let type = MatchKey.type(costType) { text += " (type \(type))" }
        if let projectID { text += " on project \(projectID)" }
        return text
    }

    /// The mapping entry for a cost code and type, before placeholders are filled, or nil.
    public func match(costCode: String, costType: String?) -> (template: AccountTemplate, source: MappingSource)? {
        let code = MatchKey.code(costCode)
        if let type = MatchKey.type(costType), let row = exactRows[code + "\u{1F}" + type] {
            return (row.account, .csvRow(file: row.file, line: row.line))
        }
        if let row = anyTypeRows[code] {
            return (row.account, .csvRow(file: row.file, line: row.line))
        }
        if let rule = configuration.rules.first(where: { $0.matches(costCode: costCode, costType: costType) }) {
            return (rule.account, .rule(number: rule.number, line: rule.line))
        }
        if let account = configuration.defaultAccount {
            return (account, .defaultAccount)
        }
        return nil
    }

    /// The GL account for a cost code line.
    public func resolve(costCode: String, costType: String?, projectID: Int64?) -> Result<GLAccountRef, AccountResolutionError> {
        let subject = AccountResolver.subject(costCode: costCode, costType: costType, projectID: projectID)
        guard let (template, source) = match(costCode: costCode, costType: costType) else {
            return .failure(.unmapped(subject: subject, table: configuration.costCodeTableName))
        }
        return resolve(template: template, source: source, subject: subject, projectID: projectID)
    }

    /// A control account (retainage payable, AP control, …), filled for `projectID`.
    public func resolve(_ control: ControlAccount, projectID: Int64?) -> Result<GLAccountRef, AccountResolutionError> {
        var subject = control.keyPath
        if let projectID { subject += " on project \(projectID)" }
        guard let template = configuration.accounts[control] else {
            return .failure(.controlAccountNotSet(subject: subject, account: control))
        }
        return resolve(template: template, source: .controlAccount(control), subject: subject, projectID: projectID)
    }

    /// Fills, formats and checks one account template; `subject` names the line in errors.
    public func resolve(template: AccountTemplate, source: MappingSource, subject: String,
                        projectID: Int64?) -> Result<GLAccountRef, AccountResolutionError> {
        let filled: String
        switch template.fill({ configuration.segmentValue($0, projectID: projectID) }) {
        case .success(let text): filled = text
        case .failure(let missing):
            return .failure(.missingSegment(subject: subject, source: source, template: template.text,
                                            placeholder: missing.name, projectID: projectID))
        }
        let account: String
        do {
            account = try structure.formatted(filled)
        } catch {
            return .failure(.notInStructure(subject: subject, source: source, account: filled, mask: structure.mask,
                                            reason: AccountResolver.reason(error)))
        }
        guard let sage = accountsByNumber[account] else {
            return .failure(.notInSage(subject: subject, source: source, account: account))
        }
        guard sage.status.isPostable else {
            return .failure(.notActive(subject: subject, source: source, account: account,
                                       accountKey: sage.accountKey, status: sage.status))
        }
        return .success(GLAccountRef(account: account, accountKey: sage.accountKey,
                                     accountDescription: sage.accountDesc, source: source))
    }

    /// Sage's job number for a Procore project, if mapped.
    public func jobNo(projectID: Int64) -> String? {
        configuration.projects[projectID]?.jobNo
    }

    /// The problem in words without repeating the account: "segment 1 '51X0' must be 4 digits".
    static func reason(_ error: Error) -> String {
        guard let error = error as? AccountStructureError else { return "\(error)" }
        switch error {
        case .invalidSegment(_, let segment, let value, let reason):
            return "segment \(segment) '\(SafeText.shown(value))' \(reason)"
        case .segmentCount(_, let found, let expected, _):
            return "has \(found) segment\(found == 1 ? "" : "s") but the structure has \(expected)"
        case .invalidMask:
            return error.description
        }
    }
}
