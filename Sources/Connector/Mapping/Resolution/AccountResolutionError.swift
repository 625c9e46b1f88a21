import Sage100

/// Why a cost code (or control account) has no usable GL account, with what to do about it.
///
/// `subject` reads like "cost code 09-250 (type M) on project 1001".
public enum AccountResolutionError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Nothing in the table, the rules or the default matched.
    case unmapped(subject: String, table: String)
    /// `mapping.accounts.<name>` is not set.
    case controlAccountNotSet(subject: String, account: ControlAccount)
    /// The account template needs a placeholder the project and the defaults do not give.
    case missingSegment(subject: String, source: MappingSource, template: String, placeholder: String, projectID: Int64?)
    /// The composed account does not fit the account structure.
    case notInStructure(subject: String, source: MappingSource, account: String, mask: String, reason: String)
    /// The account fits the structure but is not in Sage's GL account list.
    case notInSage(subject: String, source: MappingSource, account: String)
    /// The account exists in Sage but is inactive or deleted.
    case notActive(subject: String, source: MappingSource, account: String, accountKey: String, status: GLAccountStatus)

    /// What the error is about ("cost code 09-250 (type M) on project 1001").
    public var subject: String {
        switch self {
        case .unmapped(let subject, _), .controlAccountNotSet(let subject, _),
             .missingSegment(let subject, _, _, _, _), .notInStructure(let subject, _, _, _, _),
             .notInSage(let subject, _, _), .notActive(let subject, _, _, _, _):
            return subject
        }
    }

    /// The mapping entry that matched, when one did.
    public var source: MappingSource? {
        switch self {
        case .unmapped, .controlAccountNotSet: return nil
        case .missingSegment(_, let source, _, _, _), .notInStructure(_, let source, _, _, _),
             .notInSage(_, let source, _), .notActive(_, let source, _, _, _):
            return source
        }
    }

    /// The account the mapping produced, when it got that far.
    public var account: String? {
        switch self {
        case .unmapped, .controlAccountNotSet, .missingSegment: return nil
        case .notInStructure(_, _, let account, _, _), .notInSage(_, _, let account), .notActive(_, _, let account, _, _):
            return account
        }
    }

    /// A short code for reports: `unmapped`, `control-not-set`, `missing-segment`,
    /// `not-in-structure`, `not-in-sage`, `inactive`, `deleted`.
    public var code: String {
        switch self {
        case .unmapped: return "unmapped"
        case .controlAccountNotSet: return "control-not-set"
        case .missingSegment: return "missing-segment"
        case .notInStructure: return "not-in-structure"
        case .notInSage: return "not-in-sage"
        case .notActive(_, _, _, _, let status): return status == .deleted ? "deleted" : "inactive"
        }
    }

    public var description: String {
        switch self {
        case .unmapped(let subject, let table):
            return "\(subject) has no GL mapping; add a row to \(table) (or a rule under mapping.rules, or set mapping.default_account)"
        case .controlAccountNotSet(let subject, let account):
            return "\(subject): \(account.keyPath) is not set; add it to the mapping section of the configuration"
        case .missingSegment(let subject, let source, let template, let placeholder, let projectID):
            let project = projectID.map { "project \($0) does not set it in mapping.projects" } ?? "no project is given"
            let fix = projectID.map { "add \(placeholder) to mapping.projects.\"\($0)\".segments or to mapping.default_segments" }
                ?? "add \(placeholder) to mapping.default_segments"
            return "\(subject): \(source) account \(template) needs {\(placeholder)}, but \(project) and mapping.default_segments does not define it; \(fix)"
        case .notInStructure(let subject, let source, let account, let mask, let reason):
            let because = reason.hasPrefix("has ") ? "it " + reason : reason
            return "\(subject) maps to '\(account)' (\(source)), which is not in the account structure \(mask): \(because); fix the account in the mapping"
        case .notInSage(let subject, let source, let account):
            return "\(subject) maps to \(account) (\(source)), which is not in Sage 100's GL account list; create it in Sage 100 or change the mapping, then refresh the reference data"
        case .notActive(let subject, let source, let account, _, let status):
            if status == .deleted {
                return "\(subject) maps to \(account) (\(source)), which is deleted in Sage 100 (Status D); change the mapping to an active account"
            }
            return "\(subject) maps to \(account) (\(source)), which is inactive in Sage 100 (Status \(status.rawValue)); activate it or change the mapping"
        }
    }
}
