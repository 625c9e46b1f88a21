import Foundation

/// One invoice paid by one check in Sage 100 (`GET …/check-payments`): a line of a check,
/// however the check was written (check printing, A/P Manual Check and Payment Entry, or
/// imported by the agent). What the connector sends back to Procore as a contract payment when
/// Sage 100 is the payments system. Sage's field names; money as a decimal string.
public struct AgentCheckPayment: Codable, Sendable, Equatable {
    /// The check's Sage key (``SageDocumentKey/manualCheck(bankCode:checkNo:)``).
    public var checkKey: String
    /// The paid invoice's Sage key (``SageDocumentKey/apInvoice(division:vendorNo:invoiceNo:)``).
    public var invoiceKey: String
    public var bankCode: String
    public var checkNo: String
    /// Sage's CheckType: `N` normal, `V` void, `R` reversal (a void or a reversal pays nothing).
    public var checkType: String
    /// YYYYMMDD.
    public var checkDate: String
    public var divisionNo: String
    public var vendorNo: String
    public var invoiceNo: String
    /// The amount of this check applied to the invoice (the check line's InvoiceAmt).
    public var amount: String
    /// Set when the agent imported the check (the connector posted it); nil for a check written in Sage.
    public var idempotencyKey: String?
    /// When the check last changed in Sage: YYYYMMDD and decimal hours, as every Sage table stamps it.
    public var dateUpdated: String
    public var timeUpdated: String

    public init(checkKey: String, invoiceKey: String, bankCode: String, checkNo: String, checkType: String,
                checkDate: String, divisionNo: String, vendorNo: String, invoiceNo: String, amount: String,
                idempotencyKey: String?, dateUpdated: String, timeUpdated: String) {
        self.checkKey = checkKey
        self.invoiceKey = invoiceKey
        self.bankCode = bankCode
        self.checkNo = checkNo
        self.checkType = checkType
        self.checkDate = checkDate
        self.divisionNo = divisionNo
        self.vendorNo = vendorNo
        self.invoiceNo = invoiceNo
        self.amount = amount
        self.idempotencyKey = idempotencyKey
        self.dateUpdated = dateUpdated
        self.timeUpdated = timeUpdated
    }

    /// A void or a reversal: it pays nothing.
    public var isVoid: Bool { ["V", "R"].contains(checkType.uppercased()) }

    /// The Sage key of this line: the check's key and the invoice it pays, unique per payment.
    public var lineKey: String { "\(checkKey)/\(invoiceNo)" }

    /// When it last changed, as an `updated_since` the next read can start from (inclusive).
    public var updatedSince: SageUpdatedSince? { SageUpdatedSince(date: dateUpdated, hours: timeUpdated) }

    enum CodingKeys: String, CodingKey {
        case checkKey = "check_key"
        case invoiceKey = "invoice_key"
        case bankCode = "BankCode"
        case checkNo = "CheckNo"
        case checkType = "CheckType"
        case checkDate = "CheckDate"
        case divisionNo = "APDivisionNo"
        case vendorNo = "VendorNo"
        case invoiceNo = "InvoiceNo"
        case amount = "InvoiceAmt"
        case idempotencyKey = "idempotency_key"
        case dateUpdated = "DateUpdated"
        case timeUpdated = "TimeUpdated"
    }
}
