import GRDB

/// One Sage 100 table as the simulator keeps it in SQLite: every column is TEXT (money as
/// exact decimal strings), named as Sage names the field.
struct SageSimTable: Sendable {
    var name: String
    var keyColumns: [String]
    var columns: [String]
    /// Money columns (2 decimals) and quantity/price columns (6 decimals).
    var moneyColumns: Set<String> = []
    var quantityColumns: Set<String> = []

    var createSQL: String {
        let cols = columns.map { "\"\($0)\" TEXT" + (keyColumns.contains($0) ? " NOT NULL" : "") }
        let pk = keyColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        return "CREATE TABLE IF NOT EXISTS \"\(name)\" (\(cols.joined(separator: ", ")), PRIMARY KEY (\(pk)))"
    }
}

/// The simulator's tables.
enum SageSimSchema {
    static let stamps = ["DateCreated", "TimeCreated", "DateUpdated", "TimeUpdated"]
    static let address = ["AddressLine1", "AddressLine2", "AddressLine3", "City", "State", "ZipCode", "TelephoneNo", "EmailAddress"]

    static let glAccount = SageSimTable(
        name: "GL_Account", keyColumns: ["AccountKey"],
        columns: ["AccountKey", "Account", "RawAccount", "MainAccountCode", "AccountDesc", "AccountType", "Status"] + stamps)
    static let apDivision = SageSimTable(
        name: "AP_Division", keyColumns: ["APDivisionNo"], columns: ["APDivisionNo", "DivisionDesc"])
    static let termsCode = SageSimTable(
        name: "AP_TermsCode", keyColumns: ["TermsCode"], columns: ["TermsCode", "TermsCodeDesc", "DaysBeforeDue"])
    static let bankCode = SageSimTable(
        name: "AP_BankCode", keyColumns: ["BankCode"], columns: ["BankCode", "BankName", "AccountKey", "NextCheckNo"])
    static let vendor = SageSimTable(
        name: "AP_Vendor", keyColumns: ["APDivisionNo", "VendorNo"],
        columns: ["APDivisionNo", "VendorNo", "VendorName"] + address + ["TermsCode", "Form1099", "Box1099", "UDF"] + stamps)

    static let invoiceHeader = SageSimTable(
        name: "AP_InvoiceHeader", keyColumns: ["APDivisionNo", "VendorNo", "InvoiceNo"],
        columns: ["APDivisionNo", "VendorNo", "InvoiceNo", "InvoiceDate", "InvoiceDueDate", "TermsCode", "BatchNo",
                  "HoldPayment", "Comment", "JobNo", "InvoiceAmt", "RetentionAmt", "UDF"] + stamps,
        moneyColumns: ["InvoiceAmt", "RetentionAmt"])
    static let invoiceDetail = SageSimTable(
        name: "AP_InvoiceDetail", keyColumns: ["APDivisionNo", "VendorNo", "InvoiceNo", "LineKey"],
        columns: ["APDivisionNo", "VendorNo", "InvoiceNo", "LineKey", "AccountKey", "DistributionAmt", "CommentText",
                  "JobNo", "CostCode", "CostType"],
        moneyColumns: ["DistributionAmt"])

    static let poHeader = SageSimTable(
        name: "PO_PurchaseOrderHeader", keyColumns: ["PurchaseOrderNo"],
        columns: ["PurchaseOrderNo", "PurchaseOrderDate", "OrderType", "OrderStatus", "APDivisionNo", "VendorNo",
                  "TermsCode", "Comment", "UDF"] + stamps)
    static let poDetail = SageSimTable(
        name: "PO_PurchaseOrderDetail", keyColumns: ["PurchaseOrderNo", "LineKey"],
        columns: ["PurchaseOrderNo", "LineKey", "ItemType", "ItemCode", "ItemCodeDesc", "PurchasesAcctKey", "JobNo",
                  "CostCode", "CostType", "QuantityOrdered", "UnitCost", "ExtensionAmt", "CommentText"],
        moneyColumns: ["ExtensionAmt"], quantityColumns: ["QuantityOrdered", "UnitCost"])

    static let glHeader = SageSimTable(
        name: "GL_GeneralJournalHeader", keyColumns: ["EntryNo"],
        columns: ["EntryNo", "BatchNo", "PostingDate", "SourceJournal", "JournalComment", "UDF"] + stamps)
    static let glDetail = SageSimTable(
        name: "GL_GeneralJournalDetail", keyColumns: ["EntryNo", "LineKey"],
        columns: ["EntryNo", "LineKey", "AccountKey", "DebitAmount", "CreditAmount", "Comment"],
        moneyColumns: ["DebitAmount", "CreditAmount"])

    static let checkHeader = SageSimTable(
        name: "AP_ManualCheckHeader", keyColumns: ["BankCode", "CheckNo"],
        columns: ["BankCode", "CheckNo", "CheckType", "CheckDate", "CheckAmt", "APDivisionNo", "VendorNo", "BatchNo", "UDF"]
            + stamps,
        moneyColumns: ["CheckAmt"])
    static let checkDetail = SageSimTable(
        name: "AP_ManualCheckDetail", keyColumns: ["BankCode", "CheckNo", "LineKey"],
        columns: ["BankCode", "CheckNo", "LineKey", "InvoiceNo", "InvoiceAmt"],
        moneyColumns: ["InvoiceAmt"])
    static let checkDistribution = SageSimTable(
        name: "AP_ManualCheckDistribution", keyColumns: ["BankCode", "CheckNo", "LineKey", "SubLineKey"],
        columns: ["BankCode", "CheckNo", "LineKey", "SubLineKey", "AccountKey", "DistributionAmt"],
        moneyColumns: ["DistributionAmt"])

    static let customer = SageSimTable(
        name: "AR_Customer", keyColumns: ["ARDivisionNo", "CustomerNo"],
        columns: ["ARDivisionNo", "CustomerNo", "CustomerName"] + address + ["TermsCode", "UDF"] + stamps)
    static let salesOrderHeader = SageSimTable(
        name: "SO_SalesOrderHeader", keyColumns: ["SalesOrderNo"],
        columns: ["SalesOrderNo", "OrderDate", "ARDivisionNo", "CustomerNo", "CustomerPONo", "Comment", "UDF"] + stamps)
    static let salesOrderDetail = SageSimTable(
        name: "SO_SalesOrderDetail", keyColumns: ["SalesOrderNo", "LineKey"],
        columns: ["SalesOrderNo", "LineKey", "ItemCode", "ItemType", "QuantityOrdered", "UnitPrice", "ExtensionAmt",
                  "CommentText"],
        moneyColumns: ["ExtensionAmt"], quantityColumns: ["QuantityOrdered", "UnitPrice"])

    /// Job Cost's transactions not posted through AP: payroll (SourceJournal `PR`) and entries
    /// made in Job Cost itself (`JC`). AP invoice lines charged to a job stay in AP_InvoiceDetail.
    static let jobCostTransaction = SageSimTable(
        name: "JC_TransactionHistory", keyColumns: ["EntryNo"],
        columns: ["EntryNo", "JobNo", "CostCode", "CostType", "TransactionDate", "SourceJournal", "Reference", "Comment",
                  "TransactionAmt"] + stamps,
        moneyColumns: ["TransactionAmt"])

    static let all: [SageSimTable] = [
        glAccount, apDivision, termsCode, bankCode, vendor, invoiceHeader, invoiceDetail, poHeader, poDetail,
        glHeader, glDetail, checkHeader, checkDetail, checkDistribution, customer, salesOrderHeader, salesOrderDetail,
        jobCostTransaction,
    ]

    static func migrate(_ db: Database) throws {
        for table in all { try db.execute(sql: table.createSQL) }
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS SY_NextNumber (Name TEXT PRIMARY KEY NOT NULL, NextValue INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS agent_posting (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                sage_key TEXT NOT NULL,
                batch_id TEXT NOT NULL,
                amount TEXT NOT NULL,
                posted_at TEXT NOT NULL,
                doc_key TEXT NOT NULL,
                DateUpdated TEXT NOT NULL,
                TimeUpdated TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS agent_posting_batch ON agent_posting(batch_id);
            CREATE INDEX IF NOT EXISTS agent_posting_kind ON agent_posting(kind, seq);
            CREATE INDEX IF NOT EXISTS agent_posting_doc ON agent_posting(kind, doc_key);
            -- Job cost reads (job-documents): Sage keeps job links indexed the same way.
            CREATE INDEX IF NOT EXISTS PO_PurchaseOrderDetail_JobNo ON PO_PurchaseOrderDetail(JobNo);
            CREATE INDEX IF NOT EXISTS AP_InvoiceDetail_JobNo ON AP_InvoiceDetail(JobNo);
            CREATE INDEX IF NOT EXISTS AP_InvoiceHeader_JobNo ON AP_InvoiceHeader(JobNo);
            CREATE INDEX IF NOT EXISTS AP_ManualCheckDetail_InvoiceNo ON AP_ManualCheckDetail(InvoiceNo);
            CREATE INDEX IF NOT EXISTS AP_ManualCheckHeader_Updated ON AP_ManualCheckHeader(DateUpdated);
            """)
    }

    /// Inserts (or replaces) one row; only the table's columns are written.
    static func insert(_ table: SageSimTable, _ values: [String: String], replace: Bool = false, in db: Database) throws {
        let cols = table.columns.filter { values[$0] != nil }
        let sql = "INSERT \(replace ? "OR REPLACE " : "")INTO \"\(table.name)\" ("
            + cols.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: cols.count).joined(separator: ", ") + ")"
        try db.execute(sql: sql, arguments: StatementArguments(cols.map { values[$0] }))
    }

    /// One row as a field map (NULL columns left out).
    static func fields(of row: Row) -> [String: String] {
        var out: [String: String] = [:]
        for (column, value) in row {
            switch value.storage {
            case .null: continue
            case .string(let s): out[column] = s
            case .int64(let i): out[column] = String(i)
            case .double(let d): out[column] = String(d)
            case .blob: continue
            }
        }
        return out
    }

    /// Allocates the next number of a series (PO numbers, GL entry numbers, …) inside `db`'s
    /// transaction, zero-filled to `width`, skipping numbers `exists` reports taken.
    static func nextNumber(_ name: String, width: Int, start: Int, in db: Database,
                           exists: (String) throws -> Bool) throws -> String {
        var value = try Int.fetchOne(db, sql: "SELECT NextValue FROM SY_NextNumber WHERE Name = ?", arguments: [name]) ?? start
        var text = zeroFilled(value, width: width)
        while try exists(text) {
            value += 1
            text = zeroFilled(value, width: width)
        }
        try db.execute(sql: "INSERT OR REPLACE INTO SY_NextNumber (Name, NextValue) VALUES (?, ?)", arguments: [name, value + 1])
        return text
    }

    /// Peeks at the next number of a series without consuming it.
    static func peekNumber(_ name: String, width: Int, start: Int, in db: Database) throws -> String {
        let value = try Int.fetchOne(db, sql: "SELECT NextValue FROM SY_NextNumber WHERE Name = ?", arguments: [name]) ?? start
        return zeroFilled(value, width: width)
    }

    static func zeroFilled(_ value: Int, width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
