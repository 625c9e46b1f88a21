import Foundation
import GRDB
import Sage100

extension SageSimImporter {
    /// AP_ManualCheck_bus: check header, invoice lines, GL distributions under each line.
    /// Key "BANK-CHECKNO".
    func manualCheck(_ doc: SageSimDocument) throws -> Result<SageSimWrite, SageSimRejection> {
        var header = doc.header
        header.fillMissing("CheckType", with: "N")
        var messages = fieldMessages(doc, kind: .manualChecks, header: header, noLines: "The manual check has no invoice lines; add the invoices it pays.")
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let bank = header["BankCode"]!, check = header["CheckNo"]!
        let division = header["APDivisionNo"]!, vendor = header["VendorNo"]!
        if !(try Bool.fetchOne(db, sql: "SELECT 1 FROM AP_BankCode WHERE BankCode = ?", arguments: [bank]) ?? false) {
            messages.append(RecordMessage(field: "BankCode", message: "The BankCode \(bank) is invalid."))
        }
        if let m = try divisionMessage(division) { messages.append(m) }
        else if let m = try vendorMessage(division: division, vendor: vendor) { messages.append(m) }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM AP_ManualCheckHeader WHERE BankCode = ? AND CheckNo = ?", arguments: [bank, check]) ?? false {
            messages.append(RecordMessage(field: "CheckNo", message: "The CheckNo \(check) already exists for bank code \(bank)."))
        }
        var total: Decimal = 0
        for (i, line) in doc.lines.enumerated() {
            let invoiceAmount = SageSimImporter.money(line, "InvoiceAmt")
            total += invoiceAmount
            let subs = i < doc.distributions.count ? doc.distributions[i] : []
            var distributed: Decimal = 0
            for (j, sub) in subs.enumerated() {
                if let m = try accountMessage(sub["AccountKey"], field: "lines[\(i + 1)].distributions[\(j + 1)].AccountKey",
                                              label: "Line \(i + 1) distribution \(j + 1): ") {
                    messages.append(m)
                }
                distributed += SageSimImporter.money(sub, "DistributionAmt")
            }
            if !subs.isEmpty, distributed != invoiceAmount {
                messages.append(RecordMessage(field: "lines[\(i + 1)].distributions", message: "Line \(i + 1): The distribution total \(AgentWire.money(distributed)) does not equal the InvoiceAmt \(AgentWire.money(invoiceAmount)) of invoice \(line["InvoiceNo"] ?? "")."))
            }
        }
        let amount: Decimal
        if header["CheckAmt"] != nil {
            amount = SageSimImporter.money(header, "CheckAmt")
            if amount != total {
                messages.append(RecordMessage(field: "CheckAmt", message: "The CheckAmt \(AgentWire.money(amount)) does not equal the total of the invoice lines \(AgentWire.money(total))."))
            }
        } else {
            amount = total
            header["CheckAmt"] = AgentWire.money(total)
        }
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        header["UDF"] = try SageSimImporter.udfJSON(doc.udf)
        let key = ["BankCode": bank, "CheckNo": check]
        try SageSimSchema.insert(SageSimSchema.checkHeader,
                                 stamped(SageSimImporter.canonical(header, table: SageSimSchema.checkHeader), created: true), in: db)
        for (i, line) in doc.lines.enumerated() {
            var row = SageSimImporter.canonical(line, table: SageSimSchema.checkDetail)
            row.merge(key) { _, k in k }
            row["LineKey"] = SageSimImporter.lineKey(i)
            try SageSimSchema.insert(SageSimSchema.checkDetail, row, in: db)
            for (j, sub) in (i < doc.distributions.count ? doc.distributions[i] : []).enumerated() {
                var subRow = SageSimImporter.canonical(sub, table: SageSimSchema.checkDistribution)
                subRow.merge(key) { _, k in k }
                subRow["LineKey"] = SageSimImporter.lineKey(i)
                subRow["SubLineKey"] = SageSimImporter.lineKey(j)
                try SageSimSchema.insert(SageSimSchema.checkDistribution, subRow, in: db)
            }
        }
        return .success(SageSimWrite(sageKey: SageDocumentKey.manualCheck(bankCode: bank, checkNo: check), amount: amount, docKey: key))
    }
}
