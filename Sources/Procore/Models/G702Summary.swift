import Foundation

/// The AIA G702-style totals of a requisition (`summary`) or payment application (`g702`).
public struct G702Summary: Codable, Sendable, Hashable {
    public var originalContractSum: Decimal?
    public var netChangeByChangeOrders: Decimal?
    public var contractSumToDate: Decimal?
    public var totalCompletedAndStoredToDate: Decimal?
    public var completedWorkRetainagePercent: Decimal?
    public var completedWorkRetainageAmount: Decimal?
    public var storedMaterialsRetainagePercent: Decimal?
    public var storedMaterialsRetainageAmount: Decimal?
    public var totalRetainage: Decimal?
    public var totalEarnedLessRetainage: Decimal?
    public var lessPreviousCertificatesForPayment: Decimal?
    public var currentPaymentDue: Decimal?
    public var balanceToFinishIncludingRetainage: Decimal?
    public var taxApplicableToThisPayment: Decimal?
    public var positiveChangeOrderItemTotal: Decimal?
    public var negativeChangeOrderItemTotal: Decimal?
    public var formattedPeriod: String?

    public init() {}
}
