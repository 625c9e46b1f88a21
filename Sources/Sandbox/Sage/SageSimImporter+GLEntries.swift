import Foundation
import GRDB
import Sage100

extension SageSimImporter {
    /// GL_GeneralJournal_bus: a balanced entry; the entry number (6 digits) is allocated.
    func glEntry(_ doc: SageSimDocument) throws -> Result<SageSimWrite, SageSimRejection> {
        var header = doc.header
        header["EntryNo"] = nil  // allocated by Sage
        header.fillMissing("SourceJournal", with: "GJ")
        var messages = fieldMessages(doc, kind: .glEntries, header: header, noLines: "The journal entry has no lines; add debit and credit lines.")
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        var debits: Decimal = 0, credits: Decimal = 0
        for (i, line) in doc.lines.enumerated() {
            let label = "Line \(i + 1): "
            if let m = try accountMessage(line["AccountKey"], field: "lines[\(i + 1)].AccountKey", label: label) {
                messages.append(m)
            }
            let debit = SageSimImporter.money(line, "DebitAmount"), credit = SageSimImporter.money(line, "CreditAmount")
            if debit != 0 && credit != 0 {
                messages.append(RecordMessage(field: "lines[\(i + 1)].CreditAmount", message: "\(label)A line cannot carry both a DebitAmount and a CreditAmount."))
            } else if debit == 0 && credit == 0 {
                messages.append(RecordMessage(field: "lines[\(i + 1)].DebitAmount", message: "\(label)The line has neither a DebitAmount nor a CreditAmount."))
            }
            debits += debit
            credits += credit
        }
        if debits != credits {
            let difference = debits > credits ? debits - credits : credits - debits
            messages.append(RecordMessage(field: "lines", message: "Journal entry is out of balance by \(AgentWire.money(difference)). Debits \(AgentWire.money(debits)), credits \(AgentWire.money(credits))."))
        }
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let number = try SageSimSchema.nextNumber("EntryNo", width: 6, start: 1, in: db) { candidate in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM GL_GeneralJournalHeader WHERE EntryNo = ?", arguments: [candidate]) ?? false
        }
        header["EntryNo"] = number
        header["UDF"] = try SageSimImporter.udfJSON(doc.udf)
        try SageSimSchema.insert(SageSimSchema.glHeader, stamped(header, created: true), in: db)
        for (i, line) in doc.lines.enumerated() {
            var row = SageSimImporter.canonical(line, table: SageSimSchema.glDetail)
            row["EntryNo"] = number
            row["LineKey"] = SageSimImporter.lineKey(i)
            if row["DebitAmount"] == nil { row["DebitAmount"] = "0.00" }
            if row["CreditAmount"] == nil { row["CreditAmount"] = "0.00" }
            try SageSimSchema.insert(SageSimSchema.glDetail, row, in: db)
        }
        return .success(SageSimWrite(sageKey: SageDocumentKey.glEntry(entryNo: number), amount: debits, docKey: ["EntryNo": number]))
    }
}
