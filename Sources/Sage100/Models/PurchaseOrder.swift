import Foundation

/// A Sage 100 purchase order (`PO_PurchaseOrderHeader` + `PO_PurchaseOrderDetail` lines).
public struct PurchaseOrder: SageRecord, Hashable {
    public static let kind = SageDocumentKind.purchaseOrders

    public var purchaseOrderNo: String
    public var purchaseOrderDate: SageDate
    /// S standard, D drop ship, M master, R repeating.
    public var orderType: String
    /// N new, O open, B back-ordered, C complete, X cancelled.
    public var orderStatus: String
    public var apDivisionNo: String
    public var vendorNo: String
    public var termsCode: String
    public var comment: String
    public var lines: [PurchaseOrderLine]

    public init(purchaseOrderNo: String, purchaseOrderDate: SageDate, orderType: String = "S",
                orderStatus: String = "N", apDivisionNo: String, vendorNo: String, termsCode: String = "",
                comment: String = "", lines: [PurchaseOrderLine]) {
        self.purchaseOrderNo = purchaseOrderNo
        self.purchaseOrderDate = purchaseOrderDate
        self.orderType = orderType
        self.orderStatus = orderStatus
        self.apDivisionNo = apDivisionNo
        self.vendorNo = vendorNo
        self.termsCode = termsCode
        self.comment = comment
        self.lines = lines
    }

    public enum CodingKeys: String, CodingKey {
        case purchaseOrderNo = "PurchaseOrderNo", purchaseOrderDate = "PurchaseOrderDate"
        case orderType = "OrderType", orderStatus = "OrderStatus", apDivisionNo = "APDivisionNo"
        case vendorNo = "VendorNo", termsCode = "TermsCode", comment = "Comment", lines = "lines"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        purchaseOrderNo = try c.decodeText(forKey: .purchaseOrderNo)
        purchaseOrderDate = try c.decodeSageDate(forKey: .purchaseOrderDate)
        orderType = try c.decodeIfPresent(String.self, forKey: .orderType) ?? "S"
        orderStatus = try c.decodeIfPresent(String.self, forKey: .orderStatus) ?? "N"
        apDivisionNo = try c.decode(String.self, forKey: .apDivisionNo)
        vendorNo = try c.decode(String.self, forKey: .vendorNo)
        termsCode = try c.decodeText(forKey: .termsCode)
        comment = try c.decodeText(forKey: .comment)
        lines = try c.decodeIfPresent([PurchaseOrderLine].self, forKey: .lines) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(purchaseOrderNo, forKey: .purchaseOrderNo)
        try c.encode(purchaseOrderDate, forKey: .purchaseOrderDate)
        try c.encode(orderType, forKey: .orderType)
        try c.encode(orderStatus, forKey: .orderStatus)
        try c.encode(apDivisionNo, forKey: .apDivisionNo)
        try c.encode(vendorNo, forKey: .vendorNo)
        try c.encode(termsCode, forKey: .termsCode)
        try c.encode(comment, forKey: .comment)
        try c.encode(lines, forKey: .lines)
    }

    public var sageKey: String { purchaseOrderNo }

    public var recordLabel: String {
        SageRecordLabel.header(kind: .purchaseOrders, fields: ["PurchaseOrderNo": purchaseOrderNo])
    }

    public var rows: [SageRow] {
        let label = recordLabel
        var rows = [SageRow(level: .header, table: .poPurchaseOrderHeader, label: label, values: [
            "PurchaseOrderNo": .text(purchaseOrderNo), "PurchaseOrderDate": .date(purchaseOrderDate),
            "OrderType": .text(orderType), "OrderStatus": .text(orderStatus),
            "APDivisionNo": .text(apDivisionNo), "VendorNo": .text(vendorNo),
            "TermsCode": .text(termsCode), "Comment": .text(comment),
        ])]
        rows += SageRow.lines(lines.map(\.values), table: .poPurchaseOrderDetail, header: label)
        return rows
    }

    /// Sum of the lines' ExtensionAmt.
    public var controlAmount: Decimal { lines.reduce(0) { $0 + $1.extensionAmt } }

    public func crossFieldViolations() -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        let label = recordLabel
        if lines.isEmpty {
            found.append(.noLines(record: label, table: .poPurchaseOrderDetail,
                message: "the purchase order has no lines; add at least one line"))
        }
        return found + PurchaseOrderLine.extensionViolations(lines, record: label)
    }
}

/// One purchase order line (`PO_PurchaseOrderDetail`). The connector writes miscellaneous
/// lines (`ItemType` "5") whose item code starts with "/".
public struct PurchaseOrderLine: Codable, Sendable, Hashable {
    /// Sage's line key; nil lets Sage number the line.
    public var lineKey: String?
    /// 1 inventory, 2 special, 3 miscellaneous charge, 4 comment, 5 miscellaneous item.
    public var itemType: String
    public var itemCode: String
    public var itemCodeDesc: String
    public var purchasesAcctKey: String
    public var jobNo: String
    public var costCode: String
    public var costType: String
    /// numeric(15,6).
    public var quantityOrdered: Decimal
    /// numeric(16,6).
    public var unitCost: Decimal
    /// numeric(11,2); equals QuantityOrdered × UnitCost rounded to the cent.
    public var extensionAmt: Decimal

    public init(lineKey: String? = nil, itemType: String = "5", itemCode: String, itemCodeDesc: String = "",
                purchasesAcctKey: String, jobNo: String = "", costCode: String = "", costType: String = "",
                quantityOrdered: Decimal, unitCost: Decimal, extensionAmt: Decimal) {
        self.lineKey = lineKey
        self.itemType = itemType
        self.itemCode = itemCode
        self.itemCodeDesc = itemCodeDesc
        self.purchasesAcctKey = purchasesAcctKey
        self.jobNo = jobNo
        self.costCode = costCode
        self.costType = costType
        self.quantityOrdered = quantityOrdered
        self.unitCost = unitCost
        self.extensionAmt = extensionAmt
    }

    public enum CodingKeys: String, CodingKey {
        case lineKey = "LineKey", itemType = "ItemType", itemCode = "ItemCode", itemCodeDesc = "ItemCodeDesc"
        case purchasesAcctKey = "PurchasesAcctKey", jobNo = "JobNo", costCode = "CostCode", costType = "CostType"
        case quantityOrdered = "QuantityOrdered", unitCost = "UnitCost", extensionAmt = "ExtensionAmt"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lineKey = try c.decodeNonEmptyIfPresent(forKey: .lineKey)
        itemType = try c.decodeIfPresent(String.self, forKey: .itemType) ?? "5"
        itemCode = try c.decodeText(forKey: .itemCode)
        itemCodeDesc = try c.decodeText(forKey: .itemCodeDesc)
        purchasesAcctKey = try c.decodeText(forKey: .purchasesAcctKey)
        jobNo = try c.decodeText(forKey: .jobNo)
        costCode = try c.decodeText(forKey: .costCode)
        costType = try c.decodeText(forKey: .costType)
        quantityOrdered = try c.decodeSageDecimal(forKey: .quantityOrdered)
        unitCost = try c.decodeSageDecimal(forKey: .unitCost)
        extensionAmt = try c.decodeSageDecimal(forKey: .extensionAmt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(lineKey, forKey: .lineKey)
        try c.encode(itemType, forKey: .itemType)
        try c.encode(itemCode, forKey: .itemCode)
        try c.encode(itemCodeDesc, forKey: .itemCodeDesc)
        try c.encode(purchasesAcctKey, forKey: .purchasesAcctKey)
        try c.encode(jobNo, forKey: .jobNo)
        try c.encode(costCode, forKey: .costCode)
        try c.encode(costType, forKey: .costType)
        try c.encodeQuantity(quantityOrdered, forKey: .quantityOrdered)
        try c.encodeQuantity(unitCost, forKey: .unitCost)
        try c.encodeMoney(extensionAmt, forKey: .extensionAmt)
    }

    /// Each line whose ExtensionAmt is not QuantityOrdered × UnitCost to the cent (labelled
    /// "<record> line N").
    static func extensionViolations(_ lines: [PurchaseOrderLine], record label: String) -> [SageFieldViolation] {
        lines.enumerated().compactMap { index, line in
            let expected = SageDecimal.rounded(line.quantityOrdered * line.unitCost, scale: 2)
            guard expected != line.extensionAmt else { return nil }
            return SageFieldViolation(
                record: SageRecordLabel.line(label, index + 1), table: .poPurchaseOrderDetail,
                field: "ExtensionAmt", rule: .totalMismatch, limit: "QuantityOrdered × UnitCost",
                value: SageDecimal.moneyText(line.extensionAmt),
                message: "ExtensionAmt \(SageDecimal.moneyText(line.extensionAmt)) does not equal QuantityOrdered \(SageDecimal.plain(line.quantityOrdered)) × UnitCost \(SageDecimal.plain(line.unitCost)) = \(SageDecimal.moneyText(expected))")
        }
    }

    var values: [String: SageValue] {
        ["LineKey": .text(lineKey ?? ""), "ItemType": .text(itemType), "ItemCode": .text(itemCode),
         "ItemCodeDesc": .text(itemCodeDesc), "PurchasesAcctKey": .text(purchasesAcctKey),
         "JobNo": .text(jobNo), "CostCode": .text(costCode), "CostType": .text(costType),
         "QuantityOrdered": .number(quantityOrdered), "UnitCost": .number(unitCost),
         "ExtensionAmt": .number(extensionAmt)]
    }
}
