/// `mapping.owner_billing`: how approved owner payment applications reach Sage 100.
public enum OwnerBilling: String, Sendable, Hashable, Codable, CaseIterable {
    /// A balanced GL journal entry: debit `accounts.accounts_receivable`, credit `accounts.revenue`
    /// (agent import, kind `gl-entries`). The default.
    case journalEntry = "journal_entry"
    /// An AR sales order for the project's customer (created when missing), through eBusiness
    /// Web Services envelopes relayed by the agent (kind `sales-orders`). Needs `mapping.customers`
    /// and the configuration's `ebusiness:` section.
    case salesOrder = "sales_order"
}
