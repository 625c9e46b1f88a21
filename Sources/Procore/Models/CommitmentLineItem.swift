import Foundation

/// A schedule-of-values line of a commitment or commitment change order
/// (`…/purchase_order_contracts/{id}/line_items`, `…/work_order_contracts/{id}/line_items`).
public struct CommitmentLineItem: Codable, Sendable, Hashable {
    public var id: Int64
    public var description: String?
    public var amount: Decimal?
    public var totalAmount: Decimal?
    public var extendedAmount: Decimal?
    public var quantity: Decimal?
    public var unitCost: Decimal?
    /// Unit of measure, e.g. `LS`, `CY`.
    public var uom: String?
    public var position: Int?
    /// `manual` or `calculated`.
    public var extendedType: String?
    /// Nil when the line has no cost code.
    public var costCode: CostCodeRef?
    public var lineItemType: LineItemType?
    public var taxCodeID: Int64?
    public var originID: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int64, amount: Decimal?) {
        self.id = id
        self.amount = amount
    }
}
