import Foundation

/// A Sage 100 AP invoice (`AP_InvoiceHeader` + `AP_InvoiceDetail` lines).
///
/// `InvoiceAmt` is the amount payable now (net of this period's retainage); the distribution
/// lines, including the negative line to retainage payable, add up to it exactly.
/// `RetentionAmt` is the retainage withheld this period, recorded for the report.
public struct APInvoice: SageRecord, Hashable {
    public static let kind = SageDocumentKind.apInvoices

    public var apDivisionNo: String
    public var vendorNo: String
    public var invoiceNo: String
    public var invoiceDate: SageDate
    public var invoiceDueDate: SageDate?
    public var termsCode: String
    /// Sage batch number when batch entry is on; nil lets Sage assign one.
    public var batchNo: String?
    public var holdPayment: Bool
    public var comment: String
    public var jobNo: String
    public var invoiceAmt: Decimal
    public var retentionAmt: Decimal
    public var lines: [APInvoiceLine]

    public init(apDivisionNo: String, vendorNo: String, invoiceNo: String, invoiceDate: SageDate,
                invoiceDueDate: SageDate? = nil, termsCode: String, batchNo: String? = nil,
                holdPayment: Bool = false, comment: String = "", jobNo: String = "",
                invoiceAmt: Decimal, retentionAmt: Decimal = 0, lines: [APInvoiceLine]) {
        self.apDivisionNo = apDivisionNo
        self.vendorNo = vendorNo
        self.invoiceNo = invoiceNo
        self.invoiceDate = invoiceDate
        self.invoiceDueDate = invoiceDueDate
        self.termsCode = termsCode
        self.batchNo = batchNo
        self.holdPayment = holdPayment
        self.comment = comment
        self.jobNo = jobNo
        self.invoiceAmt = invoiceAmt
        self.retentionAmt = retentionAmt
        self.lines = lines
    }

    public enum CodingKeys: String, CodingKey {
        case apDivisionNo = "APDivisionNo", vendorNo = "VendorNo", invoiceNo = "InvoiceNo"
        case invoiceDate = "InvoiceDate", invoiceDueDate = "InvoiceDueDate", termsCode = "TermsCode"
        case batchNo = "BatchNo", holdPayment = "HoldPayment", comment = "Comment", jobNo = "JobNo"
        case invoiceAmt = "InvoiceAmt", retentionAmt = "RetentionAmt", lines = "lines"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apDivisionNo = try c.decode(String.self, forKey: .apDivisionNo)
        vendorNo = try c.decode(String.self, forKey: .vendorNo)
        invoiceNo = try c.decode(String.self, forKey: .invoiceNo)
        invoiceDate = try c.decodeSageDate(forKey: .invoiceDate)
        invoiceDueDate = try c.decodeSageDateIfPresent(forKey: .invoiceDueDate)
        termsCode = try c.decodeText(forKey: .termsCode)
        batchNo = try c.decodeNonEmptyIfPresent(forKey: .batchNo)
        holdPayment = try c.decodeFlag(forKey: .holdPayment, default: false)
        comment = try c.decodeText(forKey: .comment)
        jobNo = try c.decodeText(forKey: .jobNo)
        invoiceAmt = try c.decodeSageDecimal(forKey: .invoiceAmt)
        retentionAmt = try c.decodeSageDecimal(forKey: .retentionAmt, default: 0)
        lines = try c.decodeIfPresent([APInvoiceLine].self, forKey: .lines) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(apDivisionNo, forKey: .apDivisionNo)
        try c.encode(vendorNo, forKey: .vendorNo)
        try c.encode(invoiceNo, forKey: .invoiceNo)
        try c.encode(invoiceDate, forKey: .invoiceDate)
        try c.encode(invoiceDueDate?.yyyymmdd ?? "", forKey: .invoiceDueDate)
        try c.encode(termsCode, forKey: .termsCode)
        try c.encodeIfPresent(batchNo, forKey: .batchNo)
        try c.encode(holdPayment ? "Y" : "N", forKey: .holdPayment)
        try c.encode(comment, forKey: .comment)
        try c.encode(jobNo, forKey: .jobNo)
        try c.encodeMoney(invoiceAmt, forKey: .invoiceAmt)
        try c.encodeMoney(retentionAmt, forKey: .retentionAmt)
        try c.encode(lines, forKey: .lines)
    }

    /// Sage's key: APDivisionNo + VendorNo + InvoiceNo.
    public var sageKey: String { SageDocumentKey.apInvoice(division: apDivisionNo, vendorNo: vendorNo, invoiceNo: invoiceNo) }

    public var recordLabel: String {
        SageRecordLabel.header(kind: .apInvoices, fields: [
            "APDivisionNo": apDivisionNo, "VendorNo": vendorNo, "InvoiceNo": invoiceNo])
    }

    public var rows: [SageRow] {
        let label = recordLabel
        var rows = [SageRow(level: .header, table: .apInvoiceHeader, label: label, values: [
            "APDivisionNo": .text(apDivisionNo), "VendorNo": .text(vendorNo), "InvoiceNo": .text(invoiceNo),
            "InvoiceDate": .date(invoiceDate), "InvoiceDueDate": .date(invoiceDueDate),
            "TermsCode": .text(termsCode), "BatchNo": .text(batchNo ?? ""), "HoldPayment": .flag(holdPayment),
            "Comment": .text(comment), "JobNo": .text(jobNo),
            "InvoiceAmt": .number(invoiceAmt), "RetentionAmt": .number(retentionAmt),
        ])]
        rows += SageRow.lines(lines.map(\.values), table: .apInvoiceDetail, header: label)
        return rows
    }

    /// The invoice amount.
    public var controlAmount: Decimal { invoiceAmt }

    /// Sum of the distribution lines.
    public var distributionTotal: Decimal { lines.reduce(0) { $0 + $1.distributionAmt } }

    public func crossFieldViolations() -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        let label = recordLabel
        if lines.isEmpty {
            found.append(.noLines(record: label, table: .apInvoiceDetail,
                message: "the invoice has no distribution lines; add at least one line with an AccountKey"))
        } else if distributionTotal != invoiceAmt {
            let diff = invoiceAmt - distributionTotal
            found.append(SageFieldViolation(
                record: label, table: .apInvoiceHeader, field: "InvoiceAmt", rule: .totalMismatch,
                limit: "equal to the sum of DistributionAmt", value: SageDecimal.moneyText(invoiceAmt),
                message: "InvoiceAmt \(SageDecimal.moneyText(invoiceAmt)) does not equal the lines' DistributionAmt total \(SageDecimal.moneyText(distributionTotal)) (difference \(SageDecimal.moneyText(diff)))"))
        }
        let sameSign = (retentionAmt >= 0 && invoiceAmt >= 0) || (retentionAmt <= 0 && invoiceAmt <= 0)
        let within = (retentionAmt >= 0 ? retentionAmt : -retentionAmt) <= (invoiceAmt >= 0 ? invoiceAmt : -invoiceAmt)
        if !(sameSign && within) {
            found.append(SageFieldViolation(
                record: label, table: .apInvoiceHeader, field: "RetentionAmt", rule: .totalMismatch,
                limit: "between 0 and InvoiceAmt", value: SageDecimal.moneyText(retentionAmt),
                message: "RetentionAmt \(SageDecimal.moneyText(retentionAmt)) must be between 0 and InvoiceAmt \(SageDecimal.moneyText(invoiceAmt))"))
        }
        return found
    }
}

/// One distribution line of an AP invoice (`AP_InvoiceDetail`).
public struct APInvoiceLine: Codable, Sendable, Hashable {
    /// Sage's line key; nil lets Sage number the line.
    public var lineKey: String?
    public var accountKey: String
    public var distributionAmt: Decimal
    public var commentText: String
    public var jobNo: String
    public var costCode: String
    public var costType: String

    public init(lineKey: String? = nil, accountKey: String, distributionAmt: Decimal, commentText: String = "",
                jobNo: String = "", costCode: String = "", costType: String = "") {
        self.lineKey = lineKey
        self.accountKey = accountKey
        self.distributionAmt = distributionAmt
        self.commentText = commentText
        self.jobNo = jobNo
        self.costCode = costCode
        self.costType = costType
    }

    public enum CodingKeys: String, CodingKey {
        case lineKey = "LineKey", accountKey = "AccountKey", distributionAmt = "DistributionAmt"
        case commentText = "CommentText", jobNo = "JobNo", costCode = "CostCode", costType = "CostType"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lineKey = try c.decodeNonEmptyIfPresent(forKey: .lineKey)
        accountKey = try c.decodeText(forKey: .accountKey)
        distributionAmt = try c.decodeSageDecimal(forKey: .distributionAmt)
        commentText = try c.decodeText(forKey: .commentText)
        jobNo = try c.decodeText(forKey: .jobNo)
        costCode = try c.decodeText(forKey: .costCode)
        costType = try c.decodeText(forKey: .costType)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(lineKey, forKey: .lineKey)
        try c.encode(accountKey, forKey: .accountKey)
        try c.encodeMoney(distributionAmt, forKey: .distributionAmt)
        try c.encode(commentText, forKey: .commentText)
        try c.encode(jobNo, forKey: .jobNo)
        try c.encode(costCode, forKey: .costCode)
        try c.encode(costType, forKey: .costType)
    }

    var values: [String: SageValue] {
        ["LineKey": .text(lineKey ?? ""), "AccountKey": .text(accountKey), "DistributionAmt": .number(distributionAmt),
         "CommentText": .text(commentText), "JobNo": .text(jobNo), "CostCode": .text(costCode),
         "CostType": .text(costType)]
    }
}
