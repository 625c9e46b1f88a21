import Foundation

/// A Sage 100 AP manual check (`AP_ManualCheckHeader`), paying one or more invoices, each
/// distributed to GL accounts.
///
/// Totals must agree: CheckAmt = sum of the invoice lines' InvoiceAmt, and each invoice
/// line's InvoiceAmt = sum of its distributions (when it has any).
public struct APManualCheck: SageRecord, Hashable {
    public static let kind = SageDocumentKind.manualChecks

    public var bankCode: String
    public var checkNo: String
    /// N new, V void, R reversal.
    public var checkType: String
    public var checkDate: SageDate
    public var checkAmt: Decimal
    public var apDivisionNo: String
    public var vendorNo: String
    /// Sage batch number when batch entry is on; nil lets Sage assign one.
    public var batchNo: String?
    public var lines: [APManualCheckInvoice]

    public init(bankCode: String, checkNo: String, checkType: String = "N", checkDate: SageDate,
                checkAmt: Decimal, apDivisionNo: String, vendorNo: String, batchNo: String? = nil,
                lines: [APManualCheckInvoice]) {
        self.bankCode = bankCode
        self.checkNo = checkNo
        self.checkType = checkType
        self.checkDate = checkDate
        self.checkAmt = checkAmt
        self.apDivisionNo = apDivisionNo
        self.vendorNo = vendorNo
        self.batchNo = batchNo
        self.lines = lines
    }

    public enum CodingKeys: String, CodingKey {
        case bankCode = "BankCode", checkNo = "CheckNo", checkType = "CheckType", checkDate = "CheckDate"
        case checkAmt = "CheckAmt", apDivisionNo = "APDivisionNo", vendorNo = "VendorNo", batchNo = "BatchNo"
        case lines = "lines"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bankCode = try c.decode(String.self, forKey: .bankCode)
        checkNo = try c.decode(String.self, forKey: .checkNo)
        checkType = try c.decodeIfPresent(String.self, forKey: .checkType) ?? "N"
        checkDate = try c.decodeSageDate(forKey: .checkDate)
        checkAmt = try c.decodeSageDecimal(forKey: .checkAmt)
        apDivisionNo = try c.decode(String.self, forKey: .apDivisionNo)
        vendorNo = try c.decode(String.self, forKey: .vendorNo)
        batchNo = try c.decodeNonEmptyIfPresent(forKey: .batchNo)
        lines = try c.decodeIfPresent([APManualCheckInvoice].self, forKey: .lines) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bankCode, forKey: .bankCode)
        try c.encode(checkNo, forKey: .checkNo)
        try c.encode(checkType, forKey: .checkType)
        try c.encode(checkDate, forKey: .checkDate)
        try c.encodeMoney(checkAmt, forKey: .checkAmt)
        try c.encode(apDivisionNo, forKey: .apDivisionNo)
        try c.encode(vendorNo, forKey: .vendorNo)
        try c.encodeIfPresent(batchNo, forKey: .batchNo)
        try c.encode(lines, forKey: .lines)
    }

    /// Sage's key: BankCode + CheckNo.
    public var sageKey: String { SageDocumentKey.manualCheck(bankCode: bankCode, checkNo: checkNo) }

    public var recordLabel: String {
        SageRecordLabel.header(kind: .manualChecks, fields: ["BankCode": bankCode, "CheckNo": checkNo])
    }

    public var rows: [SageRow] {
        let label = recordLabel
        var rows = [SageRow(level: .header, table: .apManualCheckHeader, label: label, values: [
            "BankCode": .text(bankCode), "CheckNo": .text(checkNo), "CheckType": .text(checkType),
            "CheckDate": .date(checkDate), "CheckAmt": .number(checkAmt),
            "APDivisionNo": .text(apDivisionNo), "VendorNo": .text(vendorNo), "BatchNo": .text(batchNo ?? ""),
        ])]
        for (index, line) in lines.enumerated() {
            rows.append(SageRow(level: .line, table: .apManualCheckDetail,
                                label: SageRecordLabel.line(label, index + 1), values: [
                                    "InvoiceNo": .text(line.invoiceNo), "InvoiceAmt": .number(line.invoiceAmt)]))
            for (subIndex, sub) in line.distributions.enumerated() {
                rows.append(SageRow(level: .subLine, table: .apManualCheckDistribution,
                                    label: SageRecordLabel.subLine(label, line: index + 1, subIndex + 1), values: [
                                        "AccountKey": .text(sub.accountKey), "DistributionAmt": .number(sub.distributionAmt)]))
            }
        }
        return rows
    }

    /// The check amount.
    public var controlAmount: Decimal { checkAmt }

    public func crossFieldViolations() -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        let label = recordLabel
        if lines.isEmpty {
            found.append(.noLines(record: label, table: .apManualCheckDetail,
                message: "the check pays no invoice; add at least one invoice line"))
        } else {
            let total = lines.reduce(Decimal(0)) { $0 + $1.invoiceAmt }
            if total != checkAmt {
                found.append(SageFieldViolation(
                    record: label, table: .apManualCheckHeader, field: "CheckAmt", rule: .totalMismatch,
                    limit: "equal to the sum of InvoiceAmt", value: SageDecimal.moneyText(checkAmt),
                    message: "CheckAmt \(SageDecimal.moneyText(checkAmt)) does not equal the invoice lines' total \(SageDecimal.moneyText(total)) (difference \(SageDecimal.moneyText(checkAmt - total)))"))
            }
        }
        for (index, line) in lines.enumerated() where !line.distributions.isEmpty {
            let total = line.distributionTotal
            if total != line.invoiceAmt {
                found.append(SageFieldViolation(
                    record: SageRecordLabel.line(label, index + 1), table: .apManualCheckDetail, field: "InvoiceAmt",
                    rule: .totalMismatch, limit: "equal to the sum of DistributionAmt",
                    value: SageDecimal.moneyText(line.invoiceAmt),
                    message: "InvoiceAmt \(SageDecimal.moneyText(line.invoiceAmt)) does not equal its distributions' total \(SageDecimal.moneyText(total)) (difference \(SageDecimal.moneyText(line.invoiceAmt - total)))"))
            }
        }
        return found
    }
}

/// An invoice paid by a manual check (check detail line).
public struct APManualCheckInvoice: Codable, Sendable, Hashable {
    public var invoiceNo: String
    public var invoiceAmt: Decimal
    /// GL distribution sub-lines (VI record type `LL`).
    public var distributions: [APManualCheckDistribution]

    public init(invoiceNo: String, invoiceAmt: Decimal, distributions: [APManualCheckDistribution] = []) {
        self.invoiceNo = invoiceNo
        self.invoiceAmt = invoiceAmt
        self.distributions = distributions
    }

    /// Sum of the distributions.
    public var distributionTotal: Decimal { distributions.reduce(0) { $0 + $1.distributionAmt } }

    public enum CodingKeys: String, CodingKey {
        case invoiceNo = "InvoiceNo", invoiceAmt = "InvoiceAmt", distributions = "distributions"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        invoiceNo = try c.decodeText(forKey: .invoiceNo)
        invoiceAmt = try c.decodeSageDecimal(forKey: .invoiceAmt)
        distributions = try c.decodeIfPresent([APManualCheckDistribution].self, forKey: .distributions) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(invoiceNo, forKey: .invoiceNo)
        try c.encodeMoney(invoiceAmt, forKey: .invoiceAmt)
        try c.encode(distributions, forKey: .distributions)
    }
}

/// A GL distribution under a manual check's invoice line.
public struct APManualCheckDistribution: Codable, Sendable, Hashable {
    public var accountKey: String
    public var distributionAmt: Decimal

    public init(accountKey: String, distributionAmt: Decimal) {
        self.accountKey = accountKey
        self.distributionAmt = distributionAmt
    }

    public enum CodingKeys: String, CodingKey {
        case accountKey = "AccountKey", distributionAmt = "DistributionAmt"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountKey = try c.decodeText(forKey: .accountKey)
        distributionAmt = try c.decodeSageDecimal(forKey: .distributionAmt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountKey, forKey: .accountKey)
        try c.encodeMoney(distributionAmt, forKey: .distributionAmt)
    }
}
