import Foundation

/// A purchase order commitment (`GET /rest/v1.0/purchase_order_contracts`).
public struct PurchaseOrderContract: Codable, Sendable, Hashable {
    /// A line of the purchase order's schedule of values.
    public typealias LineItem = CommitmentLineItem

    public var id: Int64
    public var number: String?
    public var title: String?
    public var description: String?
    /// e.g. `Draft`, `Approved`, `Complete`, `Void`.
    public var status: String?
    public var executed: Bool?
    public var `private`: Bool?
    public var vendor: VendorRef?
    public var project: ProcoreRef?
    /// `amount` or `unit_quantity`.
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
    public var paymentTerms: String?
    public var shipToAddress: String?
    public var billToAddress: String?
    public var shipVia: String?
    public var contractDate: ProcoreDay?
    public var deliveryDate: ProcoreDay?
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
