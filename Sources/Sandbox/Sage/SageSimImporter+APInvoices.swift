import Foundation
import GRDB
import Sage100

extension SageSimImporter {
    /// AP_Invoice_bus: header and GL distribution lines. Key "DIV-VENDOR-INVOICE".
    func apInvoice(_ doc: SageSimDocument) throws -> Result<SageSimWrite, SageSimRejection> {
        var header = doc.header
        header.fillMissing("HoldPayment", with: "N")
        var messages = fieldMessages(doc, kind: .apInvoices, header: header, noLines: "The invoice has no distribution lines; add at least one line with an AccountKey.")
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let division = header["APDivisionNo"]!, vendor = header["VendorNo"]!, invoice = header["InvoiceNo"]!
        if let m = try divisionMessage(division) { messages.append(m) }
        else if let m = try vendorMessage(division: division, vendor: vendor) { messages.append(m) }
        if let m = try termsMessage(header["TermsCode"]) { messages.append(m) }
        let exists = try Bool.fetchOne(db, sql: """
            SELECT 1 FROM AP_InvoiceHeader WHERE APDivisionNo = ? AND VendorNo = ? AND InvoiceNo = ?
            """, arguments: [division, vendor, invoice]) ?? false
        if exists {
            messages.append(RecordMessage(field: "InvoiceNo", message: "The InvoiceNo already exists for this vendor. Invoice \(invoice) is on file for vendor \(division)-\(vendor)."))
        }
        var total: Decimal = 0
        for (i, line) in doc.lines.enumerated() {
            if let m = try accountMessage(line["AccountKey"], field: "lines[\(i + 1)].AccountKey", label: "Line \(i + 1): ") {
                messages.append(m)
            }
            total += SageSimImporter.money(line, "DistributionAmt")
        }
        let amount: Decimal
        if header["InvoiceAmt"] != nil {
            amount = SageSimImporter.money(header, "InvoiceAmt")
            if amount != total {
                messages.append(RecordMessage(field: "InvoiceAmt", message: "The InvoiceAmt \(AgentWire.money(amount)) does not equal the distribution total \(AgentWire.money(total))."))
            }
        } else {
            amount = total
            header["InvoiceAmt"] = AgentWire.money(total)
        }
        // A credit memo is an invoice with a negative InvoiceAmt; the retention it gives back is
        // negative too. Retention never has the other sign and never exceeds the invoice.
        let retention = SageSimImporter.money(header, "RetentionAmt")
        if retention != 0, amount >= 0 ? (retention < 0 || retention > amount) : (retention > 0 || retention < amount) {
            messages.append(RecordMessage(field: "RetentionAmt", message: "The RetentionAmt \(AgentWire.money(retention)) must be between 0.00 and the InvoiceAmt \(AgentWire.money(amount))."))
        }
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        if header["InvoiceDueDate"] == nil, let terms = header["TermsCode"],
           let days = try Int.fetchOne(db, sql: "SELECT CAST(DaysBeforeDue AS INTEGER) FROM AP_TermsCode WHERE TermsCode = ?", arguments: [terms]) {
            header["InvoiceDueDate"] = SageSimImporter.addDays(header["InvoiceDate"]!, days)
        }
        if header["RetentionAmt"] == nil { header["RetentionAmt"] = "0.00" }
        header["UDF"] = try SageSimImporter.udfJSON(doc.udf)
        let key = ["APDivisionNo": division, "VendorNo": vendor, "InvoiceNo": invoice]
        try SageSimSchema.insert(SageSimSchema.invoiceHeader,
                                 stamped(SageSimImporter.canonical(header, table: SageSimSchema.invoiceHeader), created: true), in: db)
        for (i, line) in doc.lines.enumerated() {
            var row = SageSimImporter.canonical(line, table: SageSimSchema.invoiceDetail)
            row.merge(key) { _, k in k }
            row["LineKey"] = SageSimImporter.lineKey(i)
            try SageSimSchema.insert(SageSimSchema.invoiceDetail, row, in: db)
        }
        return .success(SageSimWrite(sageKey: SageDocumentKey.apInvoice(division: division, vendorNo: vendor, invoiceNo: invoice), amount: amount, docKey: key))
    }
}
