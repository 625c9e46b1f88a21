import Foundation

/// A change-order line billed on a requisition (`GET /rest/v1.0/requisitions/{id}/change_order_items`).
public struct RequisitionChangeOrderItem: Codable, Sendable, Hashable {
    public var id: Int64
    public var costCodeID: Int64?
    public var lineItemID: Int64?
    public var commitmentLineItemID: Int64?
    public var commitmentLineItemOriginID: String?
    public var changeOrderPackageID: Int64?
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
    public var materialsStoredRetainageReleasedThisPeriod: Decimal?
    public var subcontractorClaimedAmount: Decimal?
    public var position: Int?

    public init(id: Int64) { self.id = id }
}
