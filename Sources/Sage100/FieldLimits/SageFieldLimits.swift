/// Every Sage 100 field the connector reads or writes, with the limits BOI enforces.
///
/// This table is the single source of truth for lengths, required fields, numeric
/// precision and allowed values: the validator, the agent simulator and the Visual
/// Integrator writer all read it. Lengths follow Sage's file layouts (see docs/formats.md).
public enum SageFieldLimits {
    /// All limits, grouped by table in a stable order.
    public static let all: [SageFieldLimit] =
        apVendor + apInvoiceHeader + apInvoiceDetail + poHeader + poDetail + glHeader + glDetail
        + checkHeader + checkDetail + checkDistribution + glAccount + arCustomer + soHeader + soDetail

    /// The limits of one table, in the table's field order.
    public static func limits(for table: SageTable) -> [SageFieldLimit] {
        byTable[table] ?? []
    }

    /// The limit for `field` of `table`, or nil when Sage has no such field.
    public static func limit(table: SageTable, field: String) -> SageFieldLimit? {
        byField[table]?[field]
    }

    /// Field names of `table` in order.
    public static func fields(of table: SageTable) -> [String] {
        limits(for: table).map(\.field)
    }

    private static let byTable: [SageTable: [SageFieldLimit]] = Dictionary(grouping: all, by: \.table)
    private static let byField: [SageTable: [String: SageFieldLimit]] =
        byTable.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.field, $0) }) }

    // MARK: - Builders

    private static func text(_ t: SageTable, _ f: String, _ len: Int, required: Bool = false) -> SageFieldLimit {
        SageFieldLimit(table: t, field: f, type: .text, maxLength: len, required: required)
    }

    private static func code(_ t: SageTable, _ f: String, _ len: Int, required: Bool = false,
                             allowed: [String]? = nil, exact: Int? = nil,
                             alphanumeric: Bool = false, upper: Bool = false) -> SageFieldLimit {
        SageFieldLimit(table: t, field: f, type: .code, maxLength: len, required: required,
                       allowedValues: allowed, exactLength: exact, alphanumericOnly: alphanumeric,
                       upperCase: upper)
    }

    private static func date(_ t: SageTable, _ f: String, required: Bool = false) -> SageFieldLimit {
        SageFieldLimit(table: t, field: f, type: .date, maxLength: 8, required: required)
    }

    private static func time(_ t: SageTable, _ f: String) -> SageFieldLimit {
        SageFieldLimit(table: t, field: f, type: .time, maxLength: 8)
    }

    private static func flag(_ t: SageTable, _ f: String) -> SageFieldLimit {
        SageFieldLimit(table: t, field: f, type: .flag, maxLength: 1, allowedValues: ["Y", "N"])
    }

    private static func number(_ t: SageTable, _ f: String, _ p: Int, _ s: Int, signed: Bool = true,
                               required: Bool = false) -> SageFieldLimit {
        SageFieldLimit(table: t, field: f, type: .numeric(precision: p, scale: s, signed: signed),
                       required: required)
    }

    // Shared key fields.
    private static func division(_ t: SageTable, _ f: String = "APDivisionNo") -> SageFieldLimit {
        code(t, f, 2, required: true, exact: 2, alphanumeric: true, upper: true)
    }
    private static func vendorNo(_ t: SageTable) -> SageFieldLimit {
        code(t, "VendorNo", 7, required: true, alphanumeric: true, upper: true)
    }
    private static func accountKey(_ t: SageTable, _ f: String = "AccountKey") -> SageFieldLimit {
        code(t, f, 9, required: true, alphanumeric: true, upper: true)
    }
    private static func jobLinks(_ t: SageTable) -> [SageFieldLimit] {
        [code(t, "JobNo", 7, upper: true), code(t, "CostCode", 9, upper: true), code(t, "CostType", 1, upper: true)]
    }
    private static func address(_ t: SageTable) -> [SageFieldLimit] {
        [text(t, "AddressLine1", 30), text(t, "AddressLine2", 30), text(t, "AddressLine3", 30),
         text(t, "City", 20), code(t, "State", 2, exact: 2, alphanumeric: true, upper: true),
         code(t, "ZipCode", 10), code(t, "CountryCode", 3, upper: true),
         text(t, "TelephoneNo", 17), text(t, "TelephoneExt", 5), text(t, "EmailAddress", 250)]
    }
    private static func stamps(_ t: SageTable) -> [SageFieldLimit] {
        [date(t, "DateCreated"), time(t, "TimeCreated"), date(t, "DateUpdated"), time(t, "TimeUpdated")]
    }

    // MARK: - Tables

    private static let apVendor: [SageFieldLimit] = {
        let t = SageTable.apVendor
        return [division(t), vendorNo(t), text(t, "VendorName", 30, required: true)]
            + address(t)
            + [code(t, "TermsCode", 2, alphanumeric: true),
               code(t, "Form1099", 1, allowed: ["N", "M", "I", "D", "E", "K"], upper: true),
               code(t, "Box1099", 3, upper: true)]
            + stamps(t)
    }()

    private static let apInvoiceHeader: [SageFieldLimit] = {
        let t = SageTable.apInvoiceHeader
        return [division(t), vendorNo(t),
                code(t, "InvoiceNo", 10, required: true),
                date(t, "InvoiceDate", required: true), date(t, "InvoiceDueDate"),
                code(t, "TermsCode", 2, required: true, alphanumeric: true),
                code(t, "BatchNo", 5, alphanumeric: true, upper: true),
                flag(t, "HoldPayment"), text(t, "Comment", 30),
                code(t, "JobNo", 7, upper: true),
                number(t, "InvoiceAmt", 12, 2), number(t, "RetentionAmt", 12, 2)]
            + stamps(t)
    }()

    private static let apInvoiceDetail: [SageFieldLimit] = {
        let t = SageTable.apInvoiceDetail
        return [code(t, "LineKey", 6, alphanumeric: true), accountKey(t),
                number(t, "DistributionAmt", 12, 2), text(t, "CommentText", 2048)]
            + jobLinks(t)
    }()

    private static let poHeader: [SageFieldLimit] = {
        let t = SageTable.poPurchaseOrderHeader
        // PurchaseOrderNo empty: the agent allocates the next number.
        return [code(t, "PurchaseOrderNo", 7, alphanumeric: true, upper: true),
                date(t, "PurchaseOrderDate", required: true),
                code(t, "OrderType", 1, allowed: ["S", "D", "M", "R"]),
                code(t, "OrderStatus", 1, allowed: ["N", "O", "B", "C", "X"]),
                division(t), vendorNo(t),
                code(t, "TermsCode", 2, alphanumeric: true), text(t, "Comment", 30)]
            + stamps(t)
    }()

    private static let poDetail: [SageFieldLimit] = {
        let t = SageTable.poPurchaseOrderDetail
        return [code(t, "LineKey", 6, alphanumeric: true),
                code(t, "ItemType", 1, required: true, allowed: ["1", "2", "3", "4", "5"]),
                code(t, "ItemCode", 30, required: true, upper: true), text(t, "ItemCodeDesc", 30),
                accountKey(t, "PurchasesAcctKey")]
            + jobLinks(t)
            + [number(t, "QuantityOrdered", 15, 6), number(t, "UnitCost", 16, 6), number(t, "ExtensionAmt", 11, 2)]
    }()

    private static let glHeader: [SageFieldLimit] = {
        let t = SageTable.glJournalHeader
        return [code(t, "BatchNo", 5, alphanumeric: true, upper: true),
                code(t, "EntryNo", 6, alphanumeric: true, upper: true), // empty: the agent allocates it
                date(t, "PostingDate", required: true),
                code(t, "SourceJournal", 2, required: true, alphanumeric: true, upper: true),
                text(t, "JournalComment", 30)]
    }()

    private static let glDetail: [SageFieldLimit] = {
        let t = SageTable.glJournalDetail
        return [accountKey(t), number(t, "DebitAmount", 12, 2, signed: false),
                number(t, "CreditAmount", 12, 2, signed: false), text(t, "Comment", 30)]
    }()

    private static let checkHeader: [SageFieldLimit] = {
        let t = SageTable.apManualCheckHeader
        return [code(t, "BankCode", 1, required: true, alphanumeric: true, upper: true),
                code(t, "CheckNo", 10, required: true, alphanumeric: true, upper: true),
                code(t, "CheckType", 1, required: true, allowed: ["N", "V", "R"]),
                date(t, "CheckDate", required: true),
                number(t, "CheckAmt", 12, 2, signed: false),
                division(t), vendorNo(t),
                code(t, "BatchNo", 5, alphanumeric: true, upper: true)]
    }()

    private static let checkDetail: [SageFieldLimit] = {
        let t = SageTable.apManualCheckDetail
        return [code(t, "InvoiceNo", 10, required: true), number(t, "InvoiceAmt", 12, 2)]
    }()

    private static let checkDistribution: [SageFieldLimit] = {
        let t = SageTable.apManualCheckDistribution
        return [accountKey(t), number(t, "DistributionAmt", 12, 2)]
    }()

    private static let glAccount: [SageFieldLimit] = {
        let t = SageTable.glAccount
        return [accountKey(t), text(t, "Account", 41, required: true),
                code(t, "RawAccount", 32, required: true, alphanumeric: true, upper: true),
                code(t, "MainAccountCode", 15, required: true, alphanumeric: true, upper: true),
                text(t, "AccountDesc", 50), code(t, "AccountType", 3, upper: true),
                code(t, "Status", 1, required: true, allowed: ["A", "I", "D"])]
            + stamps(t)
    }()

    private static let arCustomer: [SageFieldLimit] = {
        let t = SageTable.arCustomer
        return [division(t, "ARDivisionNo"),
                code(t, "CustomerNo", 20, required: true, alphanumeric: true, upper: true),
                text(t, "CustomerName", 30, required: true)]
            + address(t)
            + [code(t, "TermsCode", 2, alphanumeric: true)]
            + stamps(t)
    }()

    private static let soHeader: [SageFieldLimit] = {
        let t = SageTable.soSalesOrderHeader
        return [code(t, "SalesOrderNo", 7, required: true, alphanumeric: true, upper: true),
                date(t, "OrderDate", required: true),
                division(t, "ARDivisionNo"),
                code(t, "CustomerNo", 20, required: true, alphanumeric: true, upper: true),
                text(t, "CustomerPONo", 15), text(t, "Comment", 30)]
    }()

    private static let soDetail: [SageFieldLimit] = {
        let t = SageTable.soSalesOrderDetail
        return [code(t, "ItemCode", 30, required: true, upper: true),
                code(t, "ItemType", 1, allowed: ["1", "2", "3", "4", "5"]),
                number(t, "QuantityOrdered", 16, 6), number(t, "UnitPrice", 16, 6),
                number(t, "ExtensionAmt", 12, 2), text(t, "CommentText", 2048)]
    }()
}
