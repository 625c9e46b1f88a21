import Foundation
import GRDB
import Sage100

extension SageSimImporter {
    /// PO_PurchaseOrder_bus: header and lines; the number as given, or the next one (7 digits)
    /// when blank.
    func purchaseOrder(_ doc: SageSimDocument) throws -> Result<SageSimWrite, SageSimRejection> {
        var header = doc.header
        header.fillMissing("OrderType", with: "S")
        header.fillMissing("OrderStatus", with: "N")
        let given = header["PurchaseOrderNo"].flatMap { $0.isEmpty ? nil : $0 }
        var checked = header
        if given == nil { checked["PurchaseOrderNo"] = "0000000" }  // allocated on write
        var messages = fieldMessages(doc, kind: .purchaseOrders, header: checked, noLines: "The purchase order has no lines; add at least one line.")
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let division = header["APDivisionNo"]!, vendor = header["VendorNo"]!
        if let m = try divisionMessage(division) { messages.append(m) }
        else if let m = try vendorMessage(division: division, vendor: vendor) { messages.append(m) }
        if let m = try termsMessage(header["TermsCode"]) { messages.append(m) }
        if let given, try Bool.fetchOne(db, sql: "SELECT 1 FROM PO_PurchaseOrderHeader WHERE PurchaseOrderNo = ?", arguments: [given]) ?? false {
            messages.append(RecordMessage(field: "PurchaseOrderNo", message: "The PurchaseOrderNo \(given) already exists."))
        }
        let (lines, total) = try purchaseOrderLines(doc.lines, messages: &messages)
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let number = try given ?? SageSimSchema.nextNumber("PurchaseOrderNo", width: 7, start: 1000, in: db) { candidate in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM PO_PurchaseOrderHeader WHERE PurchaseOrderNo = ?", arguments: [candidate]) ?? false
        }
        header["PurchaseOrderNo"] = number
        header["UDF"] = try SageSimImporter.udfJSON(doc.udf)
        try SageSimSchema.insert(SageSimSchema.poHeader, stamped(header, created: true), in: db)
        for (i, line) in lines.enumerated() {
            var row = SageSimImporter.canonical(line, table: SageSimSchema.poDetail)
            row["PurchaseOrderNo"] = number
            row["LineKey"] = SageSimImporter.lineKey(i)
            try SageSimSchema.insert(SageSimSchema.poDetail, row, in: db)
        }
        return .success(SageSimWrite(sageKey: SageDocumentKey.purchaseOrder(number), amount: total, docKey: ["PurchaseOrderNo": number]))
    }

    /// PO_PurchaseOrderDetail lines as BOI checks them: an active PurchasesAcctKey, and an
    /// ExtensionAmt equal to QuantityOrdered × UnitCost (computed when only those are given).
    /// Returns the lines as written and their total; problems go to `messages`.
    func purchaseOrderLines(_ given: [[String: String]], messages: inout [RecordMessage]) throws -> ([[String: String]], Decimal) {
        var lines = given
        var total: Decimal = 0
        for (i, line) in lines.enumerated() {
            let label = "Line \(i + 1): "
            if let m = try accountMessage(line["PurchasesAcctKey"], field: "lines[\(i + 1)].PurchasesAcctKey", label: label) {
                messages.append(m)
            }
            let hasQuantity = line["QuantityOrdered"] != nil && line["UnitCost"] != nil
            let product = SageDecimal.rounded(SageSimImporter.money(line, "QuantityOrdered") * SageSimImporter.money(line, "UnitCost"), scale: 2)
            if line["ExtensionAmt"] == nil {
                if hasQuantity {
                    lines[i]["ExtensionAmt"] = AgentWire.money(product)
                } else {
                    messages.append(RecordMessage(field: "lines[\(i + 1)].ExtensionAmt", message: "\(label)The ExtensionAmt is required (or QuantityOrdered and UnitCost)."))
                    continue
                }
            } else if hasQuantity, SageSimImporter.money(line, "ExtensionAmt") != product {
                messages.append(RecordMessage(field: "lines[\(i + 1)].ExtensionAmt", message: "\(label)The ExtensionAmt \(AgentWire.money(SageSimImporter.money(line, "ExtensionAmt"))) does not equal QuantityOrdered × UnitCost (\(AgentWire.money(product)))."))
            }
            total += SageSimImporter.money(lines[i], "ExtensionAmt")
        }
        return (lines, total)
    }
}
