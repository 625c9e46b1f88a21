import Foundation

/// A payment issued on a commitment (`GET /rest/v1.0/contract_payments`).
public struct ContractPayment: Codable, Sendable, Hashable {
    public var id: Int64
    public var contractID: Int64?
    public var requisitionID: Int64?
    public var projectID: Int64?
    public var amount: Decimal?
    public var checkNumber: String?
    public var invoiceNumber: String?
    public var paymentNumber: Int?
    public var drawRequestNumber: Int?
    public var date: ProcoreDay?
    public var datePaymentSettled: Date?
    public var datePaymentInitiated: Date?
    public var status: String?
    public var notes: String?
    public var externalPaymentID: String?
    public var originID: String?
    public var originCode: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int64, amount: Decimal?) {
        self.id = id
        self.amount = amount
    }
}
