import Foundation

/// A change order package (`GET /rest/v1.0/change_order_packages`).
public struct ChangeOrderPackage: Codable, Sendable, Hashable {
    public var id: Int64
    public var contractID: Int64?
    public var number: String?
    public var revision: Int?
    public var title: String?
    public var status: String?
    public var executed: Bool?
    public var grandTotal: Decimal?
    public var dueDate: ProcoreDay?
    public var invoicedDate: ProcoreDay?
    public var paidDate: ProcoreDay?
    public var signedChangeOrderReceivedDate: ProcoreDay?
    public var reviewedAt: Date?
    public var originID: String?
    public var originCode: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var deletedAt: Date?

    public init(id: Int64, contractID: Int64?) {
        self.id = id
        self.contractID = contractID
    }
}
