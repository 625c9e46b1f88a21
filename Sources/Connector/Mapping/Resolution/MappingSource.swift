/// Which part of the mapping produced an account, kept for the audit trail.
public enum MappingSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A row of the cost-code table.
    case csvRow(file: String, line: Int)
    /// `mapping.rules[number]` (1-based), with its line in the configuration when known.
    case rule(number: Int, line: Int?)
    /// `mapping.default_account`.
    case defaultAccount
    /// `mapping.accounts.<name>`.
    case controlAccount(ControlAccount)

    /// "cost-codes.csv line 7", "rule 2", "default_account", "accounts.retainage_payable".
    public var description: String {
        switch self {
        case .csvRow(let file, let line): return "\(file) line \(line)"
        case .rule(let number, _): return "rule \(number)"
        case .defaultAccount: return "default_account"
        case .controlAccount(let account): return "accounts.\(account.rawValue)"
        }
    }
}
