import Foundation

/// Write access to contract payments: what the exchange that brings Sage 100's checks back to
/// Procore depends on. ``ProcoreClient`` is the real implementation; tests may supply others.
public protocol ProcorePaymentWriter: Sendable {
    /// `POST /rest/v1.0/contract_payments`: creates one payment and answers it as Procore stored it.
    /// Throws ``ProcoreError``; when ``ProcoreError/outcomeUnknown`` is true the payment may
    /// exist: look it up with ``contractPayments(projectID:contractID:)`` before sending again.
    func createContractPayment(_ payment: NewContractPayment) async throws -> ContractPayment

    /// Every payment of one commitment (`GET /rest/v1.0/contract_payments`, every page).
    func contractPayments(projectID: Int64, contractID: Int64) async throws -> [ContractPayment]
}

/// A contract payment to create: the body of `POST /rest/v1.0/contract_payments`
/// (RestV10ContractPaymentsPost.json).
public struct NewContractPayment: Sendable, Equatable {
    public var projectID: Int64
    public var contractID: Int64
    public var requisitionID: Int64?
    /// Exact; sent as a decimal string with 2 decimals.
    public var amount: Decimal
    public var date: ProcoreDay?
    public var checkNumber: String?
    public var invoiceNumber: String?
    /// `check`, `credit_card` or `electronic`.
    public var paymentMethod: String?
    public var notes: String?
    /// The other system's key of the payment, so Procore shows where it came from and the
    /// sender can find it again.
    public var originID: String?
    public var originData: String?
    /// Sent as the `Idempotency-Token` header: Procore answers a repeated request with the
    /// payment the first one created, so a send repeated after a lost answer creates nothing.
    public var idempotencyToken: String?

    public init(projectID: Int64, contractID: Int64, requisitionID: Int64?, amount: Decimal, date: ProcoreDay?,
                checkNumber: String?, invoiceNumber: String?, paymentMethod: String? = "check", notes: String? = nil,
                originID: String?, originData: String? = nil, idempotencyToken: String? = nil) {
        self.idempotencyToken = idempotencyToken
        self.projectID = projectID
        self.contractID = contractID
        self.requisitionID = requisitionID
        self.amount = amount
        self.date = date
        self.checkNumber = checkNumber
        self.invoiceNumber = invoiceNumber
        self.paymentMethod = paymentMethod
        self.notes = notes
        self.originID = originID
        self.originData = originData
    }
}
