import Foundation
import GRDB
import Sage100

extension SageSimImporter {
    /// AP_Vendor_bus: a new vendor is added, an existing one (same division and number) updated.
    func vendor(_ doc: SageSimDocument) throws -> Result<SageSimWrite, SageSimRejection> {
        var messages = fieldMessages(doc, kind: .vendors)
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }
        let division = doc.header["APDivisionNo"]!, number = doc.header["VendorNo"]!
        if let m = try divisionMessage(division) { messages.append(m) }
        if let m = try termsMessage(doc.header["TermsCode"]) { messages.append(m) }
        if !messages.isEmpty { return .failure(SageSimRejection(messages: messages)) }

        let table = SageSimSchema.vendor
        let existing = try Row.fetchOne(db, sql: "SELECT * FROM AP_Vendor WHERE APDivisionNo = ? AND VendorNo = ?",
                                        arguments: [division, number])
        var fields = existing.map(SageSimSchema.fields(of:)) ?? [:]
        for (k, v) in doc.header { fields[k] = v }
        var udf = SageSimKey.decode(fields["UDF"] ?? "{}")
        for (k, v) in doc.udf { udf[k] = v }
        fields["UDF"] = try SageSimImporter.udfJSON(udf)
        try SageSimSchema.insert(table, stamped(fields, created: existing == nil), replace: true, in: db)
        return .success(SageSimWrite(sageKey: SageDocumentKey.vendor(division: division, vendorNo: number), amount: 0,
                                     docKey: ["APDivisionNo": division, "VendorNo": number]))
    }
}
