import Foundation

/// An owner billing as Sage 100 receives it through eBusiness Web Services: the sales order
/// and the AR customer it is for (created with `CreateCustomer` when Sage does not have it).
///
/// Validated like every other document (`SageValidator`, the VI writer): the order's header
/// and lines against `SO_SalesOrderHeader` / `SO_SalesOrderDetail`, the customer against
/// `AR_Customer`, and the cross-field rules (at least one line, ExtensionAmt = Quantity x
/// UnitPrice to the cent, the order's customer is the customer carried).
public struct SalesOrderDocument: SageRecord, Hashable {
    public static let kind = SageDocumentKind.salesOrders

    public var order: SalesOrder
    public var customer: ARCustomer
    /// Create the customer when Sage does not have it (false: it must exist already).
    public var createCustomerWhenMissing: Bool
    /// Procore's id of the source record, written to `UDF_PROCORE_ID` so that an order found
    /// in Sage under this number can be told apart from someone else's.
    public var procoreID: String

    /// The user-defined field that carries ``procoreID``.
    public static let procoreIDField = "UDF_PROCORE_ID"

    public init(order: SalesOrder, customer: ARCustomer, createCustomerWhenMissing: Bool, procoreID: String) {
        self.order = order
        self.customer = customer
        self.createCustomerWhenMissing = createCustomerWhenMissing
        self.procoreID = procoreID
    }

    public enum CodingKeys: String, CodingKey {
        case order, customer, createCustomerWhenMissing = "create_customer_when_missing", procoreID = "procore_id"
    }

    /// Sage's key: SalesOrderNo.
    public var sageKey: String { order.salesOrderNo }

    /// "sales order P00A1B2".
    public var recordLabel: String {
        SageRecordLabel.header(kind: .salesOrders, fields: ["SalesOrderNo": order.salesOrderNo])
    }

    public var rows: [SageRow] {
        let label = recordLabel
        var rows = [SageRow(level: .header, table: .soSalesOrderHeader, label: label, values: [
            "SalesOrderNo": .text(order.salesOrderNo), "OrderDate": .date(order.orderDate),
            "ARDivisionNo": .text(order.arDivisionNo), "CustomerNo": .text(order.customerNo),
            "CustomerPONo": .text(order.customerPONo), "Comment": .text(order.comment),
        ])]
        for (index, line) in order.lines.enumerated() {
            rows.append(SageRow(level: .line, table: .soSalesOrderDetail, label: SageRecordLabel.line(label, index + 1), values: [
                "ItemCode": .text(line.itemCode), "ItemType": .text(line.itemType),
                "QuantityOrdered": .number(line.quantityOrdered), "UnitPrice": .number(line.unitPrice),
                "ExtensionAmt": .number(line.extensionAmt), "CommentText": .text(line.commentText),
            ]))
        }
        return rows
    }

    /// The order's total (sum of ExtensionAmt).
    public var controlAmount: Decimal { order.total }

    public func crossFieldViolations() -> [SageFieldViolation] {
        let label = recordLabel
        var found: [SageFieldViolation] = []
        if order.lines.isEmpty {
            found.append(.noLines(record: label, table: .soSalesOrderDetail,
                message: "the sales order has no lines; it needs the billing line"))
        }
        for (index, line) in order.lines.enumerated() {
            let product = SageDecimal.rounded(line.quantityOrdered * line.unitPrice, scale: 2)
            if product != line.extensionAmt {
                found.append(SageFieldViolation(
                    record: SageRecordLabel.line(label, index + 1), table: .soSalesOrderDetail, field: "ExtensionAmt",
                    rule: .notAllowed, limit: "QuantityOrdered x UnitPrice", value: SageDecimal.moneyText(line.extensionAmt),
                    message: "ExtensionAmt \(SageDecimal.moneyText(line.extensionAmt)) does not equal QuantityOrdered x UnitPrice (\(SageDecimal.moneyText(product)))"))
            }
        }
        if customer.customerNo != order.customerNo || customer.arDivisionNo != order.arDivisionNo {
            found.append(SageFieldViolation(
                record: label, table: .soSalesOrderHeader, field: "CustomerNo", rule: .notAllowed,
                limit: "the customer carried with the order", value: order.customerNo,
                message: "CustomerNo \(SageText.shown(order.arDivisionNo))-\(SageText.shown(order.customerNo)) is not the customer carried with the order (\(SageText.shown(customer.arDivisionNo))-\(SageText.shown(customer.customerNo)))"))
        }
        found += SageValidator.validate(customer)
        return found
    }

    /// The order as `CreateSalesOrder` carries it, with ``procoreID`` in `UDF_PROCORE_ID`.
    public var ebusinessOrder: EBusinessSalesOrder {
        EBusinessSalesOrder(
            salesOrderNo: order.salesOrderNo, orderDate: order.orderDate.yyyymmdd, arDivisionNo: order.arDivisionNo,
            customerNo: order.customerNo, customerPONo: Self.optional(order.customerPONo), comment: Self.optional(order.comment),
            lines: order.lines.map {
                EBusinessSalesOrderLine(itemCode: $0.itemCode, itemType: Self.optional($0.itemType), quantity: $0.quantityOrdered,
                                        unitPrice: $0.unitPrice, extensionAmt: $0.extensionAmt,
                                        commentText: Self.optional($0.commentText))
            },
            otherFields: procoreID.isEmpty ? [] : [EBusinessField(masFieldName: Self.procoreIDField, value: procoreID)])
    }

    /// The customer as `CreateCustomer` carries it (empty fields left out).
    public var ebusinessCustomer: EBusinessCustomer {
        EBusinessCustomer(
            arDivisionNo: customer.arDivisionNo, customerNo: customer.customerNo, customerName: customer.customerName,
            addressLine1: Self.optional(customer.addressLine1), addressLine2: Self.optional(customer.addressLine2),
            addressLine3: Self.optional(customer.addressLine3), city: Self.optional(customer.city),
            state: Self.optional(customer.state), zipCode: Self.optional(customer.zipCode),
            telephoneNo: Self.optional(customer.telephoneNo), emailAddress: Self.optional(customer.emailAddress),
            termsCode: Self.optional(customer.termsCode))
    }

    static func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
}
