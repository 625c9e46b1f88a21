import Foundation

/// A schedule-of-values line billed on a requisition
/// (`GET /rest/v1.0/requisitions/{id}/contract_items`; also the v1.1 `items`).
public struct RequisitionContractItem: Codable, Sendable, Hashable {
    public var id: Int64
    /// `contract_item` or `change_order_item`.
    public var itemType: String?
    public var costCodeID: Int64?
    /// The commitment line item billed.
    public var lineItemID: Int64?
    public var descriptionOfWork: String?
    public var scheduledValue: Decimal?
    public var workCompletedFromPreviousApplication: Decimal?
    public var workCompletedThisPeriod: Decimal?
    public var materialsPresentlyStored: Decimal?
    public var totalCompletedAndStoredToDate: Decimal?
    public var totalCompletedAndStoredToDatePercent: Decimal?
    public var workCompletedRetainageFromPreviousApplication: Decimal?
    public var workCompletedRetainageRetainedThisPeriod: Decimal?
    public var workCompletedRetainagePercentThisPeriod: Decimal?
    public var workCompletedRetainageReleasedThisPeriod: Decimal?
    public var materialsStoredRetainageCurrentlyRetained: Decimal?
    public var materialsStoredRetainagePercentThisPeriod: Decimal?
    public var materialsStoredRetainageReleasedThisPeriod: Decimal?
    public var scheduledQuantity: Decimal?
    public var scheduledUnitPrice: Decimal?
    public var subcontractorClaimedAmount: Decimal?
    /// v1.1 `items` only.
    public var netAmount: Decimal?
    /// v1.1 `items` only.
    public var grossAmount: Decimal?
    public var comment: String?
    public var status: String?
    public var position: Int?

    public init(id: Int64) { self.id = id }
}
