/// The fixed accounts a posting needs besides the cost accounts (`mapping.accounts`).
public enum ControlAccount: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Retention held on subcontractor invoices.
    case retainagePayable = "retainage_payable"
    /// Memo account debited by a commitment change order under `change_orders: journal_entry`
    /// (never a cost account: a commitment is not a cost).
    case committedCost = "committed_cost"
    /// Memo account credited by the same entry.
    case commitmentsOffset = "commitments_offset"
    /// Owner billings (AR).
    case accountsReceivable = "accounts_receivable"
    /// Contract revenue from owner payment applications.
    case revenue = "revenue"
    /// AP control (the credit side of AP invoices in journal entries).
    case apControl = "ap_control"

    /// Whether postings under `configuration` use this account (the memo accounts only under
    /// `change_orders: journal_entry`).
    public func isNeeded(by configuration: MappingConfiguration) -> Bool {
        switch self {
        case .committedCost, .commitmentsOffset: return configuration.changeOrders == .journalEntry
        default: return true
        }
    }

    /// The key path in the configuration, e.g. `mapping.accounts.retainage_payable`.
    public var keyPath: String { "mapping.accounts.\(rawValue)" }

    public var description: String { rawValue }
}
