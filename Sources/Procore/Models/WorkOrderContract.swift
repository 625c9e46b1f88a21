import Foundation

/// A subcontract (`GET /rest/v1.0/work_order_contracts`).
public struct WorkOrderContract: Codable, Sendable, Hashable {
    /// A line of the subcontract's schedule of values.
    public typealias LineItem = CommitmentLineItem

    public var id: Int64
    public var number: String?
    public var title: String?
    public var description: String?
    public var status: String?
    public var executed: Bool?
    public var `private`: Bool?
    public var vendor: VendorRef?
    public var project: ProcoreRef?
    public var accountingMethod: String?
    public var grandTotal: Decimal?
    public var revisedContract: Decimal?
    public var approvedChangeOrders: Decimal?
    public var pendingChangeOrders: Decimal?
    public var draftChangeOrdersAmount: Decimal?
    public var retainagePercent: Decimal?
    public var totalPayments: Decimal?
    public var totalRequisitionsAmount: Decimal?
    public var remainingBalanceOutstanding: Decimal?
    public var inclusions: String?
    public var exclusions: String?
    public var contractDate: ProcoreDay?
    public var contractStartDate: ProcoreDay?
    public var contractEstimatedCompletionDate: ProcoreDay?
    public var actualCompletionDate: ProcoreDay?
    public var issuedOnDate: ProcoreDay?
    public var executionDate: ProcoreDay?
    public var originID: String?
    public var originCode: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var deletedAt: Date?
    /// Present on some views; otherwise fetched from the `line_items` child endpoint.
    public var lineItems: [LineItem]?

    public init(id: Int64, number: String?) {
        self.id = id
        self.number = number
    }
}
