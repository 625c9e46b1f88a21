/// The text fields of a direct cost written through the sync endpoint.
struct PDirectCostDetails: Sendable {
    var description: String
    var invoiceNumber: String?
    var terms: String?
    var originID: String?
    var originData: String?
}

/// A line item of a direct cost, written through the line items sync: its cost code and cost
/// type, its amount; the direct cost's amount is the sum of its lines.
struct PDirectCostLine: Sendable {
    var id: Int64
    /// Index into ``ProcoreDataset/directCosts``.
    var directCost: Int
    /// Index into ``ProcoreDataset/costCodes``.
    var costCode: Int
    /// Index into ``ProcoreDataset/lineItemTypes``.
    var lineItemType: Int
    var amountCents: Int64
    var description: String?
    var originID: String?
    var originData: String?
    var createdAt: Int64
    var updatedAt: Int64
}
