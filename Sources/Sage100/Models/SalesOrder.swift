import Foundation

/// A Sage 100 sales order (`SO_SalesOrderHeader` + lines), as eBusiness Web Services carries it.
public struct SalesOrder: Codable, Sendable, Hashable {
    public var salesOrderNo: String
    public var orderDate: SageDate
    public var arDivisionNo: String
    public var customerNo: String
    public var customerPONo: String
    public var comment: String
    public var lines: [SalesOrderLine]

    public init(salesOrderNo: String, orderDate: SageDate, arDivisionNo: String, customerNo: String,
                customerPONo: String = "", comment: String = "", lines: [SalesOrderLine]) {
        self.salesOrderNo = salesOrderNo
        self.orderDate = orderDate
        self.arDivisionNo = arDivisionNo
        self.customerNo = customerNo
        self.customerPONo = customerPONo
        self.comment = comment
        self.lines = lines
    }

    public enum CodingKeys: String, CodingKey {
        case salesOrderNo = "SalesOrderNo", orderDate = "OrderDate", arDivisionNo = "ARDivisionNo"
        case customerNo = "CustomerNo", customerPONo = "CustomerPONo", comment = "Comment", lines = "lines"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        salesOrderNo = try c.decodeText(forKey: .salesOrderNo)
        orderDate = try c.decodeSageDate(forKey: .orderDate)
        arDivisionNo = try c.decode(String.self, forKey: .arDivisionNo)
        customerNo = try c.decode(String.self, forKey: .customerNo)
        customerPONo = try c.decodeText(forKey: .customerPONo)
        comment = try c.decodeText(forKey: .comment)
        lines = try c.decodeIfPresent([SalesOrderLine].self, forKey: .lines) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(salesOrderNo, forKey: .salesOrderNo)
        try c.encode(orderDate, forKey: .orderDate)
        try c.encode(arDivisionNo, forKey: .arDivisionNo)
        try c.encode(customerNo, forKey: .customerNo)
        try c.encode(customerPONo, forKey: .customerPONo)
        try c.encode(comment, forKey: .comment)
        try c.encode(lines, forKey: .lines)
    }

    /// "sales order 0000123".
    public var recordLabel: String { "sales order " + SageText.shown(salesOrderNo) }

    /// Sum of the lines' ExtensionAmt.
    public var total: Decimal { lines.reduce(0) { $0 + $1.extensionAmt } }

    /// Header field values by Sage name, as text.
    public var sageFields: [String: String] {
        ["SalesOrderNo": salesOrderNo, "OrderDate": orderDate.yyyymmdd, "ARDivisionNo": arDivisionNo,
         "CustomerNo": customerNo, "CustomerPONo": customerPONo, "Comment": comment]
    }
}

/// One sales order line.
public struct SalesOrderLine: Codable, Sendable, Hashable {
    public var itemCode: String
    /// 1 inventory, 2 special, 3 miscellaneous charge, 4 comment, 5 miscellaneous item.
    public var itemType: String
    public var quantityOrdered: Decimal
    public var unitPrice: Decimal
    public var extensionAmt: Decimal
    public var commentText: String

    public init(itemCode: String, itemType: String = "5", quantityOrdered: Decimal, unitPrice: Decimal,
                extensionAmt: Decimal, commentText: String = "") {
        self.itemCode = itemCode
        self.itemType = itemType
        self.quantityOrdered = quantityOrdered
        self.unitPrice = unitPrice
        self.extensionAmt = extensionAmt
        self.commentText = commentText
    }

    public enum CodingKeys: String, CodingKey {
        case itemCode = "ItemCode", itemType = "ItemType", quantityOrdered = "QuantityOrdered"
        case unitPrice = "UnitPrice", extensionAmt = "ExtensionAmt", commentText = "CommentText"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        itemCode = try c.decodeText(forKey: .itemCode)
        itemType = try c.decodeIfPresent(String.self, forKey: .itemType) ?? "5"
        quantityOrdered = try c.decodeSageDecimal(forKey: .quantityOrdered)
        unitPrice = try c.decodeSageDecimal(forKey: .unitPrice)
        extensionAmt = try c.decodeSageDecimal(forKey: .extensionAmt)
        commentText = try c.decodeText(forKey: .commentText)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(itemCode, forKey: .itemCode)
        try c.encode(itemType, forKey: .itemType)
        try c.encodeQuantity(quantityOrdered, forKey: .quantityOrdered)
        try c.encodeQuantity(unitPrice, forKey: .unitPrice)
        try c.encodeMoney(extensionAmt, forKey: .extensionAmt)
        try c.encode(commentText, forKey: .commentText)
    }

    /// Field values by Sage name, as text.
    public var sageFields: [String: String] {
        ["ItemCode": itemCode, "ItemType": itemType, "QuantityOrdered": SageDecimal.plain(quantityOrdered),
         "UnitPrice": SageDecimal.plain(unitPrice), "ExtensionAmt": SageDecimal.plain(extensionAmt),
         "CommentText": commentText]
    }
}
