import Foundation

/// One job cost transaction in Sage 100 (`GET …/job-costs`): a distribution line of an AP
/// invoice charged to a job, or a Job Cost transaction (payroll from Payroll, a cost entered in
/// Job Cost). What the connector sends back to Procore as a direct cost when job costs are
/// exchanged; one with an idempotency key came from Procore (the agent imported it) and is never
/// sent back. Sage's field names; money as a decimal string.
public struct AgentJobCost: Codable, Sendable, Equatable {
    /// The transaction's Sage key, unique per line: `00-0001000-INV77/000001` for an AP invoice
    /// line, `JC-000012` for a Job Cost transaction.
    public var costKey: String
    /// The document the line belongs to: the AP invoice's key, or the transaction's own key.
    public var documentKey: String
    /// `AP` (an AP invoice line), `PR` (payroll), `JC` (entered in Job Cost).
    public var sourceJournal: String
    public var jobNo: String
    public var costCode: String
    public var costType: String
    /// YYYYMMDD.
    public var transactionDate: String
    /// The line's amount (negative for a credit).
    public var amount: String
    /// AP lines: the invoice's vendor and number.
    public var divisionNo: String?
    public var vendorNo: String?
    public var invoiceNo: String?
    /// Job Cost transactions: the employee, crew or reference Sage shows.
    public var reference: String?
    public var comment: String?
    /// Set when the agent imported the document (it came from Procore); nil when keyed in Sage.
    public var idempotencyKey: String?
    /// When the document last changed in Sage: YYYYMMDD and decimal hours.
    public var dateUpdated: String
    public var timeUpdated: String

    public init(costKey: String, documentKey: String, sourceJournal: String, jobNo: String, costCode: String, costType: String,
                transactionDate: String, amount: String, divisionNo: String? = nil, vendorNo: String? = nil,
                invoiceNo: String? = nil, reference: String? = nil, comment: String? = nil, idempotencyKey: String? = nil,
                dateUpdated: String, timeUpdated: String) {
        self.costKey = costKey
        self.documentKey = documentKey
        self.sourceJournal = sourceJournal
        self.jobNo = jobNo
        self.costCode = costCode
        self.costType = costType
        self.transactionDate = transactionDate
        self.amount = amount
        self.divisionNo = divisionNo
        self.vendorNo = vendorNo
        self.invoiceNo = invoiceNo
        self.reference = reference
        self.comment = comment
        self.idempotencyKey = idempotencyKey
        self.dateUpdated = dateUpdated
        self.timeUpdated = timeUpdated
    }

    /// The job cost transaction's key: `JC-` and Sage's entry number.
    public static func transactionKey(entryNo: String) -> String { "JC-\(entryNo)" }

    /// When it last changed, as an `updated_since` the next read can start from (inclusive).
    public var updatedSince: SageUpdatedSince? { SageUpdatedSince(date: dateUpdated, hours: timeUpdated) }

    enum CodingKeys: String, CodingKey {
        case costKey = "cost_key", documentKey = "document_key", sourceJournal = "SourceJournal", jobNo = "JobNo"
        case costCode = "CostCode", costType = "CostType", transactionDate = "TransactionDate", amount = "TransactionAmt"
        case divisionNo = "APDivisionNo", vendorNo = "VendorNo", invoiceNo = "InvoiceNo", reference = "Reference"
        case comment = "Comment", idempotencyKey = "idempotency_key", dateUpdated = "DateUpdated", timeUpdated = "TimeUpdated"
    }
}
