/// The column layout of a Visual Integrator import file for one kind of document.
///
/// Every row starts with its record type (`H`, `L`, `LL`) in column 1; the Sage fields
/// follow in the order below. Lines follow their header, sub-lines their line. No header
/// row. docs/formats.md shows the same layout; a test keeps the two in agreement.
public struct VILayout: Sendable, Hashable {
    /// Name of the record type column.
    public static let recordTypeField = "RecordType"

    /// The document kind.
    public let kind: SageDocumentKind
    /// Field names per record level, in column order (without the record type column).
    public let fieldsByLevel: [SageRecordLevel: [String]]

    /// The layout for `kind`.
    public static func layout(for kind: SageDocumentKind) -> VILayout {
        switch kind {
        case .vendors:
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["APDivisionNo", "VendorNo", "VendorName", "AddressLine1", "AddressLine2", "AddressLine3",
                          "City", "State", "ZipCode", "CountryCode", "TelephoneNo", "TelephoneExt",
                          "EmailAddress", "TermsCode", "Form1099", "Box1099"],
            ])
        case .apInvoices:
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["APDivisionNo", "VendorNo", "InvoiceNo", "InvoiceDate", "InvoiceDueDate", "TermsCode",
                          "BatchNo", "HoldPayment", "Comment", "JobNo", "InvoiceAmt", "RetentionAmt"],
                .line: ["LineKey", "AccountKey", "DistributionAmt", "CommentText", "JobNo", "CostCode", "CostType"],
            ])
        case .purchaseOrders:
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["PurchaseOrderNo", "PurchaseOrderDate", "OrderType", "OrderStatus", "APDivisionNo",
                          "VendorNo", "TermsCode", "Comment"],
                .line: ["LineKey", "ItemType", "ItemCode", "ItemCodeDesc", "PurchasesAcctKey", "JobNo", "CostCode",
                        "CostType", "QuantityOrdered", "UnitCost", "ExtensionAmt"],
            ])
        case .purchaseOrderChanges:
            // The header names the purchase order Sage already holds; the lines are added to it.
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["PurchaseOrderNo"],
                .line: ["LineKey", "ItemType", "ItemCode", "ItemCodeDesc", "PurchasesAcctKey", "JobNo", "CostCode",
                        "CostType", "QuantityOrdered", "UnitCost", "ExtensionAmt"],
            ])
        case .glEntries:
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["BatchNo", "EntryNo", "PostingDate", "SourceJournal", "JournalComment"],
                .line: ["AccountKey", "DebitAmount", "CreditAmount", "Comment"],
            ])
        case .manualChecks:
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["BankCode", "CheckNo", "CheckType", "CheckDate", "CheckAmt", "APDivisionNo", "VendorNo",
                          "BatchNo"],
                .line: ["InvoiceNo", "InvoiceAmt"],
                .subLine: ["AccountKey", "DistributionAmt"],
            ])
        case .salesOrders:
            // Posted as eBusiness envelopes; the file is the fallback finance can import by hand.
            return VILayout(kind: kind, fieldsByLevel: [
                .header: ["SalesOrderNo", "OrderDate", "ARDivisionNo", "CustomerNo", "CustomerPONo", "Comment"],
                .line: ["ItemCode", "ItemType", "QuantityOrdered", "UnitPrice", "ExtensionAmt", "CommentText"],
            ])
        }
    }

    /// All layouts, in `SageDocumentKind.allCases` order.
    public static var all: [VILayout] { SageDocumentKind.allCases.map(layout(for:)) }

    /// Record levels present in this layout, in file order.
    public var levels: [SageRecordLevel] { SageRecordLevel.allCases.filter { fieldsByLevel[$0] != nil } }

    /// The columns of one record type, starting with the record type column (number 1).
    public func columns(for level: SageRecordLevel) -> [VIColumn] {
        guard let fields = fieldsByLevel[level], let table = kind.table(for: level) else { return [] }
        var columns = [VIColumn(number: 1, level: level, field: VILayout.recordTypeField, format: .text, limit: nil)]
        for (index, field) in fields.enumerated() {
            let limit = SageFieldLimits.limit(table: table, field: field)
            columns.append(VIColumn(number: index + 2, level: level, field: field,
                                    format: limit.map { VIFieldFormat($0.type) } ?? .text, limit: limit))
        }
        return columns
    }

    /// Every column of every record type, in file order.
    public var columns: [VIColumn] { levels.flatMap(columns(for:)) }
}
