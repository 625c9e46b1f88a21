/// One row of the cost-code table: a Procore cost code (and optionally a cost type) mapped to
/// a GL account.
public struct CostCodeRow: Sendable, Hashable, Codable {
    /// The Procore cost code as written (`full_code`, e.g. `03-100`).
    public var costCode: String
    /// The cost type (Procore line item type code, Sage `CostType`), or nil for any type.
    public var costType: String?
    /// The account, possibly with placeholders.
    public var account: AccountTemplate
    /// Free text for the person reading the table.
    public var description: String
    /// File the row came from.
    public var file: String
    /// 1-based line of the row in that file.
    public var line: Int
    /// 1-based column of the account cell (for messages).
    public var accountColumn: Int

    public init(costCode: String, costType: String?, account: AccountTemplate, description: String = "",
                file: String = "cost-codes.csv", line: Int = 0, accountColumn: Int = 3) {
        self.accountColumn = accountColumn
        self.costCode = costCode
        self.costType = costType
        self.account = account
        self.description = description
        self.file = file
        self.line = line
    }
}
