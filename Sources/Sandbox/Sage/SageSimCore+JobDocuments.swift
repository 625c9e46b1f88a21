import Foundation
import GRDB
import JSON
import Sage100

extension SageSimCore {
    /// The kinds a job's documents come in, in the order a job-documents read lists them.
    static let jobDocumentKinds: [SageDocumentKind] = [.purchaseOrders, .apInvoices, .manualChecks]

    /// A page of every document in the Sage tables that touches job `job`, however it was entered:
    /// purchase orders with a line on the job, AP invoices with a line (or header) on the job, and
    /// manual checks that pay one of those invoices. A document the agent imported carries its
    /// idempotency key and batch; one keyed in Sage's own data entry carries neither.
    /// Ordered by kind, then key; the cursor is the last (kind, key) returned.
    func jobDocumentPage(job: String, after cursor: [String]?, limit: Int) throws -> AgentPage<AgentPostedDocument> {
        try database.read { db in
            var keys: [(order: Int, kind: SageDocumentKind, sageKey: String, docKey: [String: String])] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT DISTINCT PurchaseOrderNo FROM PO_PurchaseOrderDetail WHERE JobNo = ?
                """, arguments: [job]) {
                let number: String = row["PurchaseOrderNo"]
                keys.append((0, .purchaseOrders, SageDocumentKey.purchaseOrder(number), ["PurchaseOrderNo": number]))
            }
            let invoiceRows = try Row.fetchAll(db, sql: """
                SELECT APDivisionNo, VendorNo, InvoiceNo FROM AP_InvoiceDetail WHERE JobNo = ?
                UNION SELECT APDivisionNo, VendorNo, InvoiceNo FROM AP_InvoiceHeader WHERE JobNo = ?
                """, arguments: [job, job])
            for row in invoiceRows {
                let (d, v, i): (String, String, String) = (row["APDivisionNo"], row["VendorNo"], row["InvoiceNo"])
                keys.append((1, .apInvoices, SageDocumentKey.apInvoice(division: d, vendorNo: v, invoiceNo: i),
                             ["APDivisionNo": d, "VendorNo": v, "InvoiceNo": i]))
            }
            // Checks paying an invoice of the job: from the job's invoices to the check lines naming them.
            for row in try Row.fetchAll(db, sql: """
                SELECT DISTINCT h.BankCode, h.CheckNo
                FROM (SELECT APDivisionNo, VendorNo, InvoiceNo FROM AP_InvoiceDetail WHERE JobNo = ?1
                      UNION SELECT APDivisionNo, VendorNo, InvoiceNo FROM AP_InvoiceHeader WHERE JobNo = ?1) i
                JOIN AP_ManualCheckDetail d ON d.InvoiceNo = i.InvoiceNo
                JOIN AP_ManualCheckHeader h ON h.BankCode = d.BankCode AND h.CheckNo = d.CheckNo
                     AND h.APDivisionNo = i.APDivisionNo AND h.VendorNo = i.VendorNo
                """, arguments: [job]) {
                let (b, c): (String, String) = (row["BankCode"], row["CheckNo"])
                keys.append((2, .manualChecks, SageDocumentKey.manualCheck(bankCode: b, checkNo: c), ["BankCode": b, "CheckNo": c]))
            }
            keys.sort { ($0.order, $0.sageKey) < ($1.order, $1.sageKey) }
            if let cursor, cursor.count == 2, let order = Int(cursor[0]) {
                keys.removeAll { ($0.order, $0.sageKey) <= (order, cursor[1]) }
            }
            let page = keys.prefix(limit)
            var items: [AgentPostedDocument] = []
            for key in page {
                let record = try SageSimCore.document(kind: key.kind, key: key.docKey, in: db)
                let posting = try Row.fetchOne(db, sql: "SELECT * FROM agent_posting WHERE kind = ? AND doc_key = ?",
                                               arguments: [key.kind.rawValue, try SageSimKey.encode(key.docKey)])
                items.append(AgentPostedDocument(
                    sageKey: key.sageKey, kind: key.kind.rawValue, batchID: posting?["batch_id"],
                    idempotencyKey: posting?["idempotency_key"],
                    postedAt: posting?["posted_at"] ?? SageSimCore.createdISO(record),
                    amount: SageSimCore.controlAmount(kind: key.kind, record: record), record: record))
            }
            var next: String?
            if keys.count > limit, let last = page.last { next = SageSimCursor.encode([String(last.order), last.sageKey]) }
            return AgentPage(items: items, nextCursor: next)
        }
    }

    /// A document a Sage user keys in Sage's own data entry: BOI's rules, no agent posting.
    func keyInSage(kind: SageDocumentKind, record: JSONValue) async throws -> RecordResult {
        try await writerLock.withLock {
            let stamp = SageSimStamp()
            let outcome = try await database.write { db in
                try SageSimImporter(db: db, stamp: stamp).apply(kind: kind, record: record, idempotencyKey: nil, batchID: nil)
            }
            switch outcome {
            case .posted(let sageKey, _):
                return RecordResult(idempotencyKey: "", status: .posted, sageKey: sageKey)
            case .rejected(let messages):
                return RecordResult(idempotencyKey: "", status: .rejected, messages: messages)
            }
        }
    }

    /// When a document was created, as ISO 8601 (from DateCreated / DateUpdated).
    static func createdISO(_ record: JSONValue) -> String {
        let date = record["DateCreated"]?.stringValue ?? record["DateUpdated"]?.stringValue ?? "19700101"
        guard date.count == 8 else { return "1970-01-01T00:00:00Z" }
        return "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2))T00:00:00Z"
    }

    /// The control amount read-back reports: InvoiceAmt, CheckAmt, or the PO lines' total.
    static func controlAmount(kind: SageDocumentKind, record: JSONValue) -> String {
        switch kind {
        case .apInvoices: return record["InvoiceAmt"]?.stringValue ?? "0.00"
        case .manualChecks: return record["CheckAmt"]?.stringValue ?? "0.00"
        default:
            var total = Decimal(0)
            for line in record["lines"]?.arrayValue ?? [] {
                total += line["ExtensionAmt"]?.stringValue.flatMap { SageDecimal.parse($0) } ?? 0
            }
            return AgentWire.money(total)
        }
    }
}
