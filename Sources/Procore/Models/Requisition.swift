import Foundation

/// A subcontractor invoice (`GET /rest/v1.1/requisitions`).
public struct Requisition: Codable, Sendable, Hashable {
    /// A billed schedule-of-values line (the `contract_items` child).
    public typealias ContractItem = RequisitionContractItem
    /// A billed change-order line (the `change_order_items` child).
    public typealias ChangeOrderItem = RequisitionChangeOrderItem

    public var id: Int64
    /// Sequence number on its commitment (1, 2, …).
    public var number: Int?
    public var previousRequisitionID: Int64?
    public var projectID: Int64?
    public var commitmentID: Int64?
    /// `PurchaseOrderContract` or `WorkOrderContract`.
    public var commitmentType: String?
    public var contractName: String?
    public var vendorID: Int64?
    public var vendorName: String?
    public var invoiceNumber: String?
    public var invoiceType: String?
    /// e.g. `draft`, `under_review`, `revise_and_resubmit`, `approved`, `approved_as_noted`, `pending_owner_approval`.
    public var status: String?
    public var erpStatus: String?
    public var final: Bool?
    public var billingDate: ProcoreDay?
    public var paymentDate: ProcoreDay?
    public var requisitionStart: ProcoreDay?
    public var requisitionEnd: ProcoreDay?
    public var submittedAt: ProcoreDay?
    public var periodID: Int64?
    public var percentComplete: Decimal?
    /// Amount claimed this period.
    public var totalClaimedAmount: Decimal?
    public var summary: G702Summary?
    /// v1.1 inline items (the child endpoints give the same lines in full).
    public var items: [RequisitionContractItem]?
    public var originID: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int64, number: Int?) {
        self.id = id
        self.number = number
    }
}
