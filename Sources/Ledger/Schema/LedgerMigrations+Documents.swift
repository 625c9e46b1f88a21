import GRDB

extension LedgerMigrations {
    /// v13: the sha256 of the document each record was batched as (its agent import record),
    /// so a new Procore version of a posted record is compared by what it would put into Sage:
    /// the same document is no change for Sage (a commitment whose change order was approved
    /// carries new totals, not new purchase order lines); another document is drift. Records
    /// batched before this migration have none and keep the old rule (every new version is drift).
    static func registerDocumentsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-document-digests") { db in
            try db.execute(sql: "ALTER TABLE records ADD COLUMN document_sha256 TEXT")
        }
    }

    /// v14: an exchange item may keep what it was read as (`payload`, JSON), so an item still
    /// open (refused, or sent without an answer) is sent again from the ledger: the next read
    /// of the other system starts from its newest change, not from the oldest open item.
    static func registerExchangePayloadMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-exchange-payload") { db in
            try db.execute(sql: "ALTER TABLE exchange_items ADD COLUMN payload TEXT")
        }
    }
}
