/// The fixed accounts a posting needs besides the cost accounts (`mapping.accounts`).
public enum ControlAccount: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Retention held on subcontractor invoices.
    case retainagePayable = "retainage_payable"
    /// The other side of a commitment change order journal entry.
    case changeOrderOffset = "change_order_offset"
    /// Owner billings (AR).
    case accountsReceivable = "accounts_receivable"
    /// Contract revenue from owner payment applications.
    case revenue = "revenue"
    /// AP control (the credit side of AP invoices in journal entries).
    case apControl = "ap_control"

    /// The key path in the configuration, e.g. `mapping.accounts.retainage_payable`.
    public var keyPath: String { "mapping.accounts.\(rawValue)" }

    public var description: String { rawValue }
}
