import Foundation

/// The owner contract of a project (`GET /rest/v1.0/prime_contracts`).
public struct PrimeContract: Codable, Sendable, Hashable {
    public var id: Int64
    public var number: String?
    public var title: String?
    public var description: String?
    public var status: String?
    public var executed: Bool?
    public var `private`: Bool?
    /// The owner.
    public var vendor: VendorRef?
    /// The general contractor.
    public var contractor: ProcoreRef?
    public var accountingMethod: String?
    public var grandTotal: Decimal?
    public var approvedChangeOrders: Decimal?
    public var retainagePercent: Decimal?
    public var contractDate: ProcoreDay?
    public var contractStartDate: ProcoreDay?
    public var contractEstimatedCompletionDate: ProcoreDay?
    public var actualCompletionDate: ProcoreDay?
    public var executionDate: ProcoreDay?
    public var issuedOnDate: ProcoreDay?
    public var originID: String?
    public var originCode: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var deletedAt: Date?

    public init(id: Int64, number: String?) {
        self.id = id
        self.number = number
    }
}
