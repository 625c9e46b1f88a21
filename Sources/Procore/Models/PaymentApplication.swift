import Foundation

/// An owner invoice on the prime contract (`GET /rest/v1.0/payment_applications`).
public struct PaymentApplication: Codable, Sendable, Hashable {
    /// A billing period.
    public struct BillingPeriod: Codable, Sendable, Hashable {
        public var startDate: ProcoreDay?
        public var endDate: ProcoreDay?
    }

    public var id: Int64
    public var number: Int?
    public var invoiceNumber: String?
    public var status: String?
    public var contract: ContractRef?
    public var billingDate: ProcoreDay?
    public var periodStart: ProcoreDay?
    public var periodEnd: ProcoreDay?
    public var periodID: Int64?
    public var billingPeriod: BillingPeriod?
    public var percentComplete: Decimal?
    public var totalAmountPaid: Decimal?
    public var totalAmountAccruedThisPeriod: Decimal?
    /// The owner's name as printed on the application.
    public var formattedContractCompany: String?
    public var g702: G702Summary?
    public var originID: String?
    public var originData: String?
    /// Procore sends dates here (no time); decoded as midnight UTC.
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int64, number: Int?) {
        self.id = id
        self.number = number
    }
}
