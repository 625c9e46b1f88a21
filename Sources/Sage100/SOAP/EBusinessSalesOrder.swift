import Foundation

/// A sales order as eBusiness Web Services carries it (`CreateSalesOrder`, `UpdateSalesOrder`,
/// `GetSalesOrderResult`). Amounts are `Decimal` and written with exactly 2 decimals.
public struct EBusinessSalesOrder: Sendable, Equatable, Codable {
    public var salesOrderNo: String
    /// `YYYYMMDD`.
    public var orderDate: String
    public var arDivisionNo: String
    public var customerNo: String
    public var customerPONo: String?
    public var comment: String?
    public var lines: [EBusinessSalesOrderLine]
    /// User-defined and other header fields (`OtherFields/Field`).
    public var otherFields: [EBusinessField]

    public init(
        salesOrderNo: String, orderDate: String, arDivisionNo: String, customerNo: String,
        customerPONo: String? = nil, comment: String? = nil,
        lines: [EBusinessSalesOrderLine] = [], otherFields: [EBusinessField] = []
    ) {
        self.salesOrderNo = salesOrderNo
        self.orderDate = orderDate
        self.arDivisionNo = arDivisionNo
        self.customerNo = customerNo
        self.customerPONo = customerPONo
        self.comment = comment
        self.lines = lines
        self.otherFields = otherFields
    }

    /// "sales order 0001234", for messages.
    public var recordName: String { "sales order \(salesOrderNo.isEmpty ? "(new)" : salesOrderNo)" }

    /// Sum of the lines' `extensionAmt`.
    public var total: Decimal { lines.reduce(Decimal(0)) { $0 + $1.extensionAmt } }
}

/// One sales order line. `quantity × unitPrice` must equal `extensionAmt` to the cent.
public struct EBusinessSalesOrderLine: Sendable, Equatable, Codable {
    public var itemCode: String
    /// Sage item type code as text (e.g. "1" regular, "5" miscellaneous charge).
    public var itemType: String?
    public var quantity: Decimal
    public var unitPrice: Decimal
    public var extensionAmt: Decimal
    public var commentText: String?

    public init(
        itemCode: String, itemType: String? = nil, quantity: Decimal, unitPrice: Decimal,
        extensionAmt: Decimal, commentText: String? = nil
    ) {
        self.itemCode = itemCode
        self.itemType = itemType
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.extensionAmt = extensionAmt
        self.commentText = commentText
    }
}
