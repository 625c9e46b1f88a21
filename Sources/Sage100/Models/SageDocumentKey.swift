/// The one text form of a Sage 100 document's key, as the agent answers it (`sage_key`) and as
/// reports show it: the table's key fields in order, joined by `-`. `00-P700075` (vendor),
/// `00-P700075-INV-1001` (AP invoice), `C0APSW5` (purchase order), `C0APSW5-000004` (the lines a
/// change added, from the first LineKey), `000001` (journal entry), `A-10007` (manual check).
public enum SageDocumentKey {
    public static func vendor(division: String, vendorNo: String) -> String { "\(division)-\(vendorNo)" }

    public static func apInvoice(division: String, vendorNo: String, invoiceNo: String) -> String {
        "\(division)-\(vendorNo)-\(invoiceNo)"
    }

    public static func purchaseOrder(_ number: String) -> String { number }

    public static func purchaseOrderChange(purchaseOrderNo: String, firstLineKey: String) -> String {
        "\(purchaseOrderNo)-\(firstLineKey)"
    }

    public static func glEntry(entryNo: String) -> String { entryNo }

    public static func manualCheck(bankCode: String, checkNo: String) -> String { "\(bankCode)-\(checkNo)" }

    /// An AR customer (written through eBusiness): `ARDivisionNo-CustomerNo`.
    public static func customer(division: String, customerNo: String) -> String { "\(division)-\(customerNo)" }

    /// The key fields of an AP invoice key: division and vendor never hold a `-`; the invoice
    /// number may (`00-P700046-INV-1001` is invoice `INV-1001`).
    public static func apInvoiceParts(_ key: String) -> (division: String, vendorNo: String, invoiceNo: String)? {
        let parts = key.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]), String(parts[2]))
    }

    /// What follows `prefix-` in a key (a vendor number after its division, a check number after
    /// its bank code), or nil when the key has another prefix.
    public static func after(_ prefix: String, in key: String) -> String? {
        let head = prefix + "-"
        guard key.hasPrefix(head), key.count > head.count else { return nil }
        return String(key.dropFirst(head.count))
    }

    /// The key of a document given as Sage's fields (a read-back record's header), or nil when a
    /// key field is missing.
    public static func of(_ kind: SageDocumentKind, fields: (String) -> String?) -> String? {
        switch kind {
        case .vendors:
            guard let d = fields("APDivisionNo"), let v = fields("VendorNo") else { return nil }
            return vendor(division: d, vendorNo: v)
        case .apInvoices:
            guard let d = fields("APDivisionNo"), let v = fields("VendorNo"), let i = fields("InvoiceNo") else { return nil }
            return apInvoice(division: d, vendorNo: v, invoiceNo: i)
        case .purchaseOrders, .purchaseOrderChanges:
            return fields("PurchaseOrderNo").map(purchaseOrder)
        case .glEntries:
            return fields("EntryNo").map { glEntry(entryNo: $0) }
        case .manualChecks:
            guard let b = fields("BankCode"), let c = fields("CheckNo") else { return nil }
            return manualCheck(bankCode: b, checkNo: c)
        case .salesOrders:
            return fields("SalesOrderNo")
        }
    }
}
