import GRDB

extension LedgerMigrations {
    /// v7: indexes that keep an incremental run's cost on what changed, not on the backlog.
    ///
    /// - `records_state_resource`: the transform asks for a resource's `staged` and waiting
    ///   `valid` records (a handful); through `records_source` SQLite walked every record of the
    ///   resource to find them.
    /// - `payment_facts_open_rows`: the open requisitions the payments rule rechecks, read from
    ///   the index alone (it replaces `payment_facts_open`, which needed a table lookup per row).
    static func registerIndexesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-state-and-open-indexes") { db in
            try db.execute(sql: """
                CREATE INDEX records_state_resource ON records(state, resource, source_id);
                DROP INDEX payment_facts_open;
                CREATE INDEX payment_facts_open_rows
                    ON payment_facts(kind, open, source_id, project_id, commitment_id, active, cents) WHERE open = 1;
                """)
        }
    }
}
