import Foundation
import GRDB
import Sage100

extension SageSimCore {
    /// A page of check lines (one per invoice a check pays) whose check changed at or after
    /// `since`, however the check was written; ordered by bank code, check number and line, the
    /// cursor being the last (BankCode, CheckNo, LineKey) returned. A check the agent imported
    /// carries its idempotency key.
    func checkPaymentPage(since: SageUpdatedSince?, after cursor: [String]?, limit: Int) throws -> AgentPage<AgentCheckPayment> {
        try database.read { db in
            var clauses: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let since {
                clauses.append("(h.DateUpdated > ? OR (h.DateUpdated = ? AND CAST(h.TimeUpdated AS REAL) >= ?))")
                arguments += [since.date, since.date, Double(since.hours ?? "0") ?? 0]
            }
            if let cursor, cursor.count == 3 {
                clauses.append("(d.BankCode, d.CheckNo, d.LineKey) > (?, ?, ?)")
                arguments += cursor.map { $0 as any DatabaseValueConvertible }
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.BankCode, d.CheckNo, d.LineKey, d.InvoiceNo, d.InvoiceAmt,
                       h.CheckType, h.CheckDate, h.APDivisionNo, h.VendorNo, h.DateUpdated, h.TimeUpdated
                FROM AP_ManualCheckDetail d
                JOIN AP_ManualCheckHeader h ON h.BankCode = d.BankCode AND h.CheckNo = d.CheckNo
                \(whereSQL)
                ORDER BY d.BankCode, d.CheckNo, d.LineKey
                LIMIT ?
                """, arguments: StatementArguments(arguments + [limit + 1]))
            let page = rows.prefix(limit)
            var postingKeys: [String: String?] = [:]
            var items: [AgentCheckPayment] = []
            for row in page {
                let (bank, check, invoice): (String, String, String) = (row["BankCode"], row["CheckNo"], row["InvoiceNo"] ?? "")
                let (division, vendor): (String, String) = (row["APDivisionNo"] ?? "", row["VendorNo"] ?? "")
                let checkKey = SageDocumentKey.manualCheck(bankCode: bank, checkNo: check)
                if postingKeys[checkKey] == nil {
                    postingKeys[checkKey] = try String.fetchOne(db, sql: "SELECT idempotency_key FROM agent_posting WHERE kind = ? AND doc_key = ?",
                                                                arguments: [SageDocumentKind.manualChecks.rawValue,
                                                                            try SageSimKey.encode(["BankCode": bank, "CheckNo": check])])
                }
                items.append(AgentCheckPayment(
                    checkKey: checkKey,
                    invoiceKey: SageDocumentKey.apInvoice(division: division, vendorNo: vendor, invoiceNo: invoice),
                    bankCode: bank, checkNo: check, checkType: row["CheckType"] ?? "N", checkDate: row["CheckDate"] ?? "",
                    divisionNo: division, vendorNo: vendor, invoiceNo: invoice, amount: row["InvoiceAmt"] ?? "0.00",
                    idempotencyKey: postingKeys[checkKey] ?? nil,
                    dateUpdated: row["DateUpdated"] ?? "", timeUpdated: row["TimeUpdated"] ?? "0"))
            }
            var next: String?
            if rows.count > limit, let last = page.last {
                next = SageSimCursor.encode([last["BankCode"], last["CheckNo"], last["LineKey"]])
            }
            return AgentPage(items: items, nextCursor: next)
        }
    }
}
