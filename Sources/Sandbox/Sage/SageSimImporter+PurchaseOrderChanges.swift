import Foundation
import GRDB
import Sage100

extension SageSimImporter {
    /// PO_PurchaseOrder_bus on an existing number (`nSetKey` answers 1): the header's other
    /// fields stay as Sage holds them, each line is added after the last one (`oLines.nAddLine`).
    /// Refused when the purchase order is not on file, complete or cancelled. A deductive change
    /// adds negative miscellaneous lines, as Procore's revised commitment may go down (even below
    /// zero). Key "<PurchaseOrderNo>-<first added LineKey>".
    func purchaseOrderChange(_ doc: SageSimDocument) throws -> Result<SageSimWrite, SageSimRejection> {
        var messages: [RecordMessage] = []
        let number = doc.header["PurchaseOrderNo"] ?? ""
        let unknown = doc.header.keys.filter { $0 != "PurchaseOrderNo" && !$0.hasPrefix("UDF_") }.sorted()
        for field in unknown {
            messages.append(RecordMessage(field: field, message: "The \(field) cannot be changed by a purchase order change; only lines are added."))
        }
        guard !number.isEmpty else {
            messages.append(RecordMessage(field: "PurchaseOrderNo", message: "The PurchaseOrderNo is required."))
            return .failure(SageSimRejection(messages: messages))
        }
        guard let existing = try Row.fetchOne(db, sql: "SELECT * FROM PO_PurchaseOrderHeader WHERE PurchaseOrderNo = ?", arguments: [number]) else {
            messages.append(RecordMessage(field: "PurchaseOrderNo", message: "The PurchaseOrderNo \(number) is not on file; post the purchase order first."))
            return .failure(SageSimRejection(messages: messages))
        }
        var header = SageSimSchema.fields(of: existing)
        header["UDF"] = nil
        let status: String = existing["OrderStatus"] ?? "N"
        if status == "C" || status == "X" {
            messages.append(RecordMessage(field: "PurchaseOrderNo", message: "The purchase order \(number) is \(status == "C" ? "complete" : "cancelled") and cannot be changed."))
        }
        // BOI checks the whole record as it will be written: the held header with the new lines.
        messages += fieldMessages(SageSimDocument(header: header, udf: doc.udf, lines: doc.lines, distributions: doc.distributions),
                                  kind: .purchaseOrderChanges, header: header,
                                  noLines: "The purchase order change has no lines; add at least one line.")
        let (lines, added) = try purchaseOrderLines(doc.lines, messages: &messages)
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let last = try String.fetchOne(db, sql: "SELECT MAX(LineKey) FROM PO_PurchaseOrderDetail WHERE PurchaseOrderNo = ?", arguments: [number])
        let start = last.flatMap { Int($0) } ?? 0
        for (i, line) in lines.enumerated() {
            var row = SageSimImporter.canonical(line, table: SageSimSchema.poDetail)
            row["PurchaseOrderNo"] = number
            row["LineKey"] = SageSimImporter.lineKey(start + i)
            try SageSimSchema.insert(SageSimSchema.poDetail, row, in: db)
        }
        try db.execute(sql: "UPDATE PO_PurchaseOrderHeader SET DateUpdated = ?, TimeUpdated = ? WHERE PurchaseOrderNo = ?",
                       arguments: [stamp.date, stamp.time, number])
        let first = SageSimImporter.lineKey(start), final = SageSimImporter.lineKey(start + lines.count - 1)
        return .success(SageSimWrite(sageKey: SageDocumentKey.purchaseOrderChange(purchaseOrderNo: number, firstLineKey: first), amount: added,
                                     docKey: ["PurchaseOrderNo": number, "FirstLineKey": first, "LastLineKey": final]))
    }
}
