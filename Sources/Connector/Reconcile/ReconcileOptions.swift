import Foundation

/// How a reconciliation is made.
public struct ReconcileOptions: Sendable {
    /// Sage company code shown in the report.
    public var company: String
    /// List every open `invalid`, `rejected`, `uncertain` and `drift` record of the ledger, not
    /// only those of the run: they all need a person until resolved.
    public var includeOpenExceptions: Bool
    /// Shown in the HTML headline.
    public var currencySymbol: String
    /// The report's time stamp.
    public var now: Date
    /// Accounts the mapping charges cost to (``MappingConfiguration/costAccounts()``): a journal
    /// entry posted to one is an exception (nothing but AP invoices may post cost).
    public var costAccounts: Set<String>

    public init(company: String, includeOpenExceptions: Bool = true, currencySymbol: String = "$", now: Date = Date(),
                costAccounts: Set<String> = []) {
        self.company = company
        self.includeOpenExceptions = includeOpenExceptions
        self.currencySymbol = currencySymbol
        self.now = now
        self.costAccounts = costAccounts
    }
}
