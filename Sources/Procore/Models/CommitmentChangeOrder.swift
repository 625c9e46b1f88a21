import Foundation

/// A change order on a commitment (`GET /rest/v1.0/projects/{project_id}/commitment_change_orders`).
public struct CommitmentChangeOrder: Codable, Sendable, Hashable {
    public var id: Int64
    public var contractID: Int64?
    public var contract: ContractRef?
    public var vendor: VendorRef?
    public var number: String?
    public var revision: Int?
    public var title: String?
    public var description: String?
    /// e.g. `draft`, `pending`, `approved`, `rejected`, `void`.
    public var status: String?
    public var reason: String?
    public var executed: Bool?
    public var `private`: Bool?
    public var paid: Bool?
    public var grandTotal: Decimal?
    public var dueDate: ProcoreDay?
    public var invoicedDate: ProcoreDay?
    public var paidDate: ProcoreDay?
    public var signedChangeOrderReceivedDate: ProcoreDay?
    public var lineItems: [CommitmentLineItem]?
    public var originID: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var deletedAt: Date?

    public init(id: Int64, contractID: Int64?) {
        self.id = id
        self.contractID = contractID
    }
}
