import Ledger
import Sage100

/// The words `post` records in the ledger: each names the record, the Sage field and the fix.
enum PostMessages {
    /// "AP invoice ABC:ap-invoices:requisitions:42 (requisitions 42)".
    static func label(_ kind: SageDocumentKind, _ record: LedgerRecord) -> String {
        "\(kind.displayName) \(record.idempotencyKey) (\(record.resource) \(record.sourceID))"
    }

    /// One reason per Sage message: what Sage said about which field, and what to do.
    static func rejection(_ kind: SageDocumentKind, _ record: LedgerRecord, messages: [RecordMessage]) -> [String] {
        if messages.isEmpty {
            return ["\(label(kind, record)): Sage 100 rejected it without a message. Fix: check the agent's log on the Sage server, correct the record and run again."]
        }
        return messages.map { message in
            let text = sanitized(message.message)
            if let field = message.field.map(sanitized), !field.isEmpty {
                return "\(label(kind, record)): Sage 100 rejected field \(field): \(text) Fix: \(hint(field: field, kind: kind))"
            }
            return "\(label(kind, record)): Sage 100 rejected the record: \(text) Fix: \(hint(field: nil, kind: kind))"
        }
    }

    /// What to do about a rejection of `field` (Sage field name, possibly `lines[2].AccountKey`).
    static func hint(field: String?, kind: SageDocumentKind) -> String {
        guard let field else {
            return "read Sage's message, correct the source record in Procore (or drop a corrected file in inbox/) and run again."
        }
        let name = field.split(separator: ".").last.map(String.init) ?? field
        switch name {
        case "VendorNo":
            return "the vendor must exist in Sage 100 before its documents: post the vendor (vendors batch) or correct the vendor mapping, then run again."
        case "AccountKey", "PurchasesAcctKey":
            return "map the cost code to an active GL account in the cost-code mapping (mapping/cost-codes.csv or an inbox/*.csv correction), then run again."
        case "InvoiceNo" where kind == .apInvoices:
            return "this invoice number is already on file for the vendor in Sage 100; check whether it was keyed by hand, then void it in Sage or give the requisition another invoice number, and run again."
        case "InvoiceNo":
            return "the invoice must be in Sage 100 before a check pays it: post the AP invoice first, then run again."
        case "InvoiceAmt", "DistributionAmt", "RetentionAmt", "DebitAmount", "CreditAmount", "CheckAmt",
             "InvoiceAmt_Total", "ExtensionAmt", "UnitCost", "QuantityOrdered":
            return "the amounts do not add up as Sage requires; correct the amounts in Procore (or drop a corrected record in inbox/) and run again."
        case "TermsCode":
            return "use a terms code that exists in Sage 100 (the vendor's terms or the mapping's default terms), then run again."
        case "APDivisionNo":
            return "use an AP division that exists in Sage 100 (the vendor mapping's division), then run again."
        case "BankCode":
            return "use a bank code that exists in Sage 100 (the mapping's bank code for checks), then run again."
        case "JobNo", "CostCode", "CostType":
            return "map the Procore project and cost code to a Sage job, cost code and cost type in the mapping, then run again."
        default:
            if name.hasSuffix("Date") {
                return "give \(name) a valid date (YYYYMMDD) in the source record, then run again."
            }
            if name.hasPrefix("lines") {
                return "the document's lines are wrong; correct them in Procore (or drop a corrected record in inbox/) and run again."
            }
            return "correct \(name) in the source record in Procore (or drop a corrected record in inbox/) and run again."
        }
    }

    /// Text from the agent without control characters, at most 500 characters.
    static func sanitized(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(500) {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out.unicodeScalars.append(" ")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
