import Foundation
import GRDB
import Sage100

/// A job cost keyed in Sage 100's own Payroll or Job Cost (not through the agent).
public struct SageJobCostEntry: Sendable, Codable, Equatable {
    public var jobNo: String
    public var costCode: String
    public var costType: String
    /// YYYYMMDD.
    public var transactionDate: String
    /// `PR` (payroll) or `JC` (a Job Cost transaction entry).
    public var sourceJournal: String
    public var amount: String
    public var reference: String?
    public var comment: String?

    public init(jobNo: String, costCode: String, costType: String, transactionDate: String, sourceJournal: String = "PR",
                amount: String, reference: String? = nil, comment: String? = nil) {
        self.jobNo = jobNo
        self.costCode = costCode
        self.costType = costType
        self.transactionDate = transactionDate
        self.sourceJournal = sourceJournal
        self.amount = amount
        self.reference = reference
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case jobNo = "JobNo", costCode = "CostCode", costType = "CostType", transactionDate = "TransactionDate"
        case sourceJournal = "SourceJournal", amount = "TransactionAmt", reference = "Reference", comment = "Comment"
    }

    /// SourceJournal defaults to `PR` (payroll), as the memberwise initializer's does.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        jobNo = try c.decode(String.self, forKey: .jobNo)
        costCode = try c.decode(String.self, forKey: .costCode)
        costType = try c.decode(String.self, forKey: .costType)
        transactionDate = try c.decode(String.self, forKey: .transactionDate)
        sourceJournal = try c.decodeIfPresent(String.self, forKey: .sourceJournal) ?? "PR"
        amount = try c.decode(String.self, forKey: .amount)
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
    }
}

extension SageSimCore {
    /// A page of job cost transactions whose document changed at or after `since`: every AP
    /// invoice line charged to a job (however the invoice was entered) and every Job Cost
    /// transaction (payroll, Job Cost entries); ordered by cost key, the cursor being the last
    /// key returned. A line of an invoice the agent imported carries its idempotency key.
    func jobCostPage(since: SageUpdatedSince?, after cursor: [String]?, limit: Int) throws -> AgentPage<AgentJobCost> {
        try database.read { db in
            var arguments: [any DatabaseValueConvertible] = []
            func updated(_ alias: String) -> String {
                guard let since else { return "1" }
                arguments += [since.date, since.date, Double(since.hours ?? "0") ?? 0]
                return "(\(alias).DateUpdated > ? OR (\(alias).DateUpdated = ? AND CAST(\(alias).TimeUpdated AS REAL) >= ?))"
            }
            let apWhere = updated("h")
            let jcWhere = updated("j")
            var cursorSQL = ""
            if let cursor, cursor.count == 1 {
                cursorSQL = "WHERE cost_key > ?"
                arguments.append(cursor[0])
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT d.APDivisionNo || '-' || d.VendorNo || '-' || d.InvoiceNo || '/' || d.LineKey AS cost_key,
                           d.APDivisionNo || '-' || d.VendorNo || '-' || d.InvoiceNo AS document_key,
                           'AP' AS SourceJournal, d.JobNo, d.CostCode, d.CostType, h.InvoiceDate AS TransactionDate,
                           d.DistributionAmt AS TransactionAmt, d.APDivisionNo, d.VendorNo, d.InvoiceNo,
                           NULL AS Reference, COALESCE(d.CommentText, h.Comment) AS Comment,
                           h.DateUpdated, h.TimeUpdated
                    FROM AP_InvoiceDetail d
                    JOIN AP_InvoiceHeader h ON h.APDivisionNo = d.APDivisionNo AND h.VendorNo = d.VendorNo AND h.InvoiceNo = d.InvoiceNo
                    WHERE COALESCE(d.JobNo, '') <> '' AND \(apWhere)
                    UNION ALL
                    SELECT 'JC-' || j.EntryNo, 'JC-' || j.EntryNo, j.SourceJournal, j.JobNo, j.CostCode, j.CostType,
                           j.TransactionDate, j.TransactionAmt, NULL, NULL, NULL, j.Reference, j.Comment,
                           j.DateUpdated, j.TimeUpdated
                    FROM JC_TransactionHistory j
                    WHERE \(jcWhere)
                ) \(cursorSQL)
                ORDER BY cost_key
                LIMIT ?
                """, arguments: StatementArguments(arguments + [limit + 1]))
            let page = rows.prefix(limit)
            var postings: [String: String?] = [:]
            var items: [AgentJobCost] = []
            for row in page {
                let documentKey: String = row["document_key"]
                var idempotencyKey: String?
                if row["SourceJournal"] as String == "AP" {
                    if postings[documentKey] == nil {
                        let (d, v, i): (String, String, String) = (row["APDivisionNo"], row["VendorNo"], row["InvoiceNo"])
                        postings[documentKey] = try String.fetchOne(db, sql: "SELECT idempotency_key FROM agent_posting WHERE kind = ? AND doc_key = ?",
                                                                    arguments: [SageDocumentKind.apInvoices.rawValue,
                                                                                try SageSimKey.encode(["APDivisionNo": d, "VendorNo": v, "InvoiceNo": i])])
                    }
                    idempotencyKey = postings[documentKey] ?? nil
                }
                items.append(AgentJobCost(
                    costKey: row["cost_key"], documentKey: documentKey, sourceJournal: row["SourceJournal"],
                    jobNo: row["JobNo"] ?? "", costCode: row["CostCode"] ?? "", costType: row["CostType"] ?? "",
                    transactionDate: row["TransactionDate"] ?? "", amount: row["TransactionAmt"] ?? "0.00",
                    divisionNo: row["APDivisionNo"], vendorNo: row["VendorNo"], invoiceNo: row["InvoiceNo"],
                    reference: row["Reference"], comment: row["Comment"], idempotencyKey: idempotencyKey,
                    dateUpdated: row["DateUpdated"] ?? "", timeUpdated: row["TimeUpdated"] ?? "0"))
            }
            var next: String?
            if rows.count > limit, let last = page.last { next = SageSimCursor.encode([last["cost_key"]]) }
            return AgentPage(items: items, nextCursor: next)
        }
    }

    /// Writes a Job Cost transaction as Payroll or Job Cost entry would: BOI's checks on the
    /// job fields and the amount, the next entry number, the row stamped. Returns its key.
    func keyJobCost(_ entry: SageJobCostEntry) async throws -> String {
        var problems: [String] = []
        if entry.jobNo.isEmpty || entry.jobNo.count > 7 { problems.append("JobNo '\(entry.jobNo)' must be 1 to 7 characters") }
        if entry.costCode.isEmpty || entry.costCode.count > 9 { problems.append("CostCode '\(entry.costCode)' must be 1 to 9 characters") }
        if entry.costType.isEmpty || entry.costType.count > 1 { problems.append("CostType '\(entry.costType)' must be 1 character") }
        if (try? SageDate(parsing: entry.transactionDate)) == nil { problems.append("TransactionDate '\(entry.transactionDate)' is not YYYYMMDD") }
        if !["PR", "JC"].contains(entry.sourceJournal) { problems.append("SourceJournal '\(entry.sourceJournal)' must be PR or JC") }
        guard let value = SageDecimal.parse(entry.amount), SageDecimal.scale(of: value) <= 2 else {
            throw SageSimFailure.malformed("TransactionAmt '\(entry.amount)' is not an amount with at most 2 decimals.")
        }
        let amount = SageDecimal.moneyText(value)
        guard problems.isEmpty else { throw SageSimFailure.malformed(problems.joined(separator: "; ") + ".") }
        return try await writerLock.withLock {
            let stamp = SageSimStamp()
            return try await database.write { db in
                let entryNo = try SageSimSchema.nextNumber("JC_TransactionHistory", width: 6, start: 1, in: db) { number in
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM JC_TransactionHistory WHERE EntryNo = ?", arguments: [number]) ?? false
                }
                try db.execute(sql: """
                    INSERT INTO JC_TransactionHistory (EntryNo, JobNo, CostCode, CostType, TransactionDate, SourceJournal, Reference,
                        Comment, TransactionAmt, DateCreated, TimeCreated, DateUpdated, TimeUpdated)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [entryNo, entry.jobNo.uppercased(), entry.costCode.uppercased(), entry.costType.uppercased(),
                                     entry.transactionDate, entry.sourceJournal, entry.reference, entry.comment, amount,
                                     stamp.date, stamp.time, stamp.date, stamp.time])
                return AgentJobCost.transactionKey(entryNo: entryNo)
            }
        }
    }
}
