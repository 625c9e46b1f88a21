import Foundation

/// A direct cost: invoice, expense or payroll (`GET /rest/v1.1/projects/{project_id}/direct_costs`).
public struct DirectCost: Codable, Sendable, Hashable {
    public var id: Int64
    /// `invoice`, `expense` or `payroll`.
    public var directCostType: String?
    public var description: String?
    public var status: String?
    public var amount: Decimal?
    public var grandTotal: Decimal?
    public var invoiceNumber: String?
    public var terms: String?
    public var vendorID: Int64?
    public var vendorName: String?
    /// The vendor name (a string on this endpoint).
    public var vendor: String?
    public var employee: ProcoreRef?
    public var directCostDate: ProcoreDay?
    public var receivedDate: ProcoreDay?
    public var paymentDate: ProcoreDay?
    public var originID: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var deletedAt: Date?

    public init(id: Int64, amount: Decimal?) {
        self.id = id
        self.amount = amount
    }
}
