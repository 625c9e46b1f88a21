import Foundation
import GRDB
import JSON
import Sage100

/// What BOI did with one record.
enum SageSimOutcome: Sendable, Equatable {
    case posted(sageKey: String, amount: Decimal)
    case rejected([RecordMessage])
}

/// Validates and writes one import record the way the Business Object Interface does:
/// field limits first (`nSetValue`), then references (vendor, accounts, terms, bank,
/// division), then document rules (duplicates, totals, balance), and only then the write
/// (header, lines and the idempotency key in the caller's transaction).
struct SageSimImporter {
    var db: Database
    var stamp: SageSimStamp

    /// Runs inside a write transaction. Nothing is written unless the outcome is `.posted`.
    /// Without an idempotency key the document is one a Sage user keyed in Sage's own data entry
    /// (same rules, no agent posting recorded): what the job-to-date read shows as keyed in Sage.
    func apply(kind: SageDocumentKind, record: JSONValue, idempotencyKey: String?, batchID: String?) throws -> SageSimOutcome {
        let (document, typeMessages) = SageSimDocument.parse(record, kind: kind)
        if !typeMessages.isEmpty { return .rejected(typeMessages) }
        let result: Result<SageSimWrite, SageSimRejection>
        switch kind {
        case .vendors: result = try vendor(document)
        case .apInvoices: result = try apInvoice(document)
        case .purchaseOrders: result = try purchaseOrder(document)
        case .purchaseOrderChanges: result = try purchaseOrderChange(document)
        case .glEntries: result = try glEntry(document)
        case .manualChecks: result = try manualCheck(document)
        case .salesOrders:
            result = .failure(SageSimRejection(messages: [RecordMessage(field: nil, message: "Sales orders are written through eBusiness Web Services (POST /v1/companies/{code}/ebusiness), not imported.")]))
        }
        switch result {
        case .failure(let rejection):
            return .rejected(rejection.messages)
        case .success(let write):
            guard let idempotencyKey else { return .posted(sageKey: write.sageKey, amount: write.amount) }
            try db.execute(sql: """
                INSERT INTO agent_posting (idempotency_key, kind, sage_key, batch_id, amount, posted_at, doc_key, DateUpdated, TimeUpdated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [idempotencyKey, kind.rawValue, write.sageKey, batchID, AgentWire.money(write.amount),
                                 stamp.iso, try SageSimKey.encode(write.docKey), stamp.date, stamp.time])
            return .posted(sageKey: write.sageKey, amount: write.amount)
        }
    }

    // MARK: - Shared checks

    /// The field checks of a document with lines, plus `noLines` when it has none: what refuses
    /// it before any lookup.
    func fieldMessages(_ doc: SageSimDocument, kind: SageDocumentKind, header: [String: String],
                       noLines: String) -> [RecordMessage] {
        var messages = fieldMessages(doc, kind: kind, header: header)
        if doc.lines.isEmpty { messages.append(RecordMessage(field: "lines", message: noLines)) }
        return messages
    }

    /// Field checks of a header and its lines (and sub-lines), in Sage's words.
    func fieldMessages(_ doc: SageSimDocument, kind: SageDocumentKind, header: [String: String]? = nil) -> [RecordMessage] {
        var messages = SageSimFieldChecker.check(header ?? doc.header, table: kind.table(for: .header)!, prefix: "", linePrefix: "")
        if let lineTable = kind.table(for: .line) {
            for (i, line) in doc.lines.enumerated() {
                messages += SageSimFieldChecker.check(line, table: lineTable, prefix: "lines[\(i + 1)].", linePrefix: "Line \(i + 1): ")
                if let subTable = kind.table(for: .subLine), i < doc.distributions.count {
                    for (j, sub) in doc.distributions[i].enumerated() {
                        messages += SageSimFieldChecker.check(
                            sub, table: subTable, prefix: "lines[\(i + 1)].distributions[\(j + 1)].",
                            linePrefix: "Line \(i + 1) distribution \(j + 1): ")
                    }
                }
            }
        }
        return messages
    }

    func divisionMessage(_ division: String?) throws -> RecordMessage? {
        guard let division, !division.isEmpty else { return nil }
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM AP_Division WHERE APDivisionNo = ?", arguments: [division]) ?? false
        return exists ? nil : RecordMessage(field: "APDivisionNo", message: "The APDivisionNo \(division) is invalid.")
    }

    func vendorMessage(division: String?, vendor: String?) throws -> RecordMessage? {
        guard let division, let vendor, !division.isEmpty, !vendor.isEmpty else { return nil }
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM AP_Vendor WHERE APDivisionNo = ? AND VendorNo = ?",
                                       arguments: [division, vendor]) ?? false
        return exists ? nil : RecordMessage(
            field: "VendorNo", message: "The VendorNo is invalid. Vendor \(division)-\(vendor) is not on file; import the vendor first.")
    }

    func termsMessage(_ terms: String?) throws -> RecordMessage? {
        guard let terms, !terms.isEmpty else { return nil }
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM AP_TermsCode WHERE TermsCode = ?", arguments: [terms]) ?? false
        return exists ? nil : RecordMessage(field: "TermsCode", message: "The TermsCode \(terms) is invalid.")
    }

    /// nil when the account exists and is active.
    func accountMessage(_ key: String?, field: String, label: String) throws -> RecordMessage? {
        guard let key, !key.isEmpty else { return nil }
        let status = try String.fetchOne(db, sql: "SELECT Status FROM GL_Account WHERE AccountKey = ?", arguments: [key])
        switch status {
        case "A": return nil
        case "I": return RecordMessage(field: field, message: "\(label)The \(SageSimImporter.fieldName(field)) \(key) is inactive.")
        case "D": return RecordMessage(field: field, message: "\(label)The \(SageSimImporter.fieldName(field)) \(key) is deleted.")
        default: return RecordMessage(field: field, message: "\(label)The \(SageSimImporter.fieldName(field)) \(key) is invalid.")
        }
    }

    static func fieldName(_ path: String) -> String {
        String(path.split(separator: ".").last ?? Substring(path))
    }

    /// A money field known to be valid (field checks ran first); absent is zero.
    static func money(_ fields: [String: String], _ name: String) -> Decimal {
        fields[name].flatMap { SageDecimal.parse($0) } ?? 0
    }

    /// Canonical money/quantity text for storage.
    static func canonical(_ fields: [String: String], table: SageSimTable) -> [String: String] {
        var out = fields
        for (key, value) in fields {
            if table.moneyColumns.contains(key), let d = SageDecimal.parse(value) { out[key] = AgentWire.money(d) }
            if table.quantityColumns.contains(key), let d = SageDecimal.parse(value) { out[key] = AgentWire.decimalString(d, scale: 6) }
        }
        return out
    }

    func stamped(_ fields: [String: String], created: Bool) -> [String: String] {
        var out = fields
        out["DateUpdated"] = stamp.date
        out["TimeUpdated"] = stamp.time
        if created {
            out["DateCreated"] = stamp.date
            out["TimeCreated"] = stamp.time
        }
        return out
    }

    static func udfJSON(_ udf: [String: String]) throws -> String? {
        guard !udf.isEmpty else { return nil }
        let data = try AgentWire.makeEncoder().encode(udf)
        return String(decoding: data, as: UTF8.self)
    }

    static func lineKey(_ index: Int) -> String { SageSimSchema.zeroFilled(index + 1, width: 6) }

    /// YYYYMMDD plus `days`.
    static func addDays(_ date: String, _ days: Int) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard SageUpdatedSince.isValidDate(date),
              let y = Int(date.prefix(4)), let m = Int(date.dropFirst(4).prefix(2)), let d = Int(date.suffix(2)),
              let start = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              let end = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: end)
        return String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
    }
}

/// A validated document ready to be written: its Sage key, control amount and table key.
struct SageSimWrite {
    var sageKey: String
    var amount: Decimal
    var docKey: [String: String]
}

struct SageSimRejection: Error {
    var messages: [RecordMessage]
}

/// Encodes a document's table key for `agent_posting.doc_key`.
enum SageSimKey {
    static func encode(_ key: [String: String]) throws -> String {
        String(decoding: try AgentWire.makeEncoder().encode(key), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}

extension Dictionary where Key == String, Value == String {
    /// Sets `field` to `value` when the document left it out (Sage's default for the field).
    mutating func fillMissing(_ field: String, with value: String) {
        if self[field] == nil { self[field] = value }
    }
}
