/// The hosted mode's tables, described once and rendered for each ``SQLDialect``.
///
/// Migrations are applied in order and recorded in `hosting_migrations`; an applied one is
/// never changed, a new one is appended. Audit tables are append-only in the database itself
/// (triggers on both engines), not only by the code's good manners.
enum HostingSchema {
    enum ColumnType {
        case text
        case integer
        /// A row number the database assigns.
        case identity
    }

    struct Column {
        let name: String
        let type: ColumnType
        /// `NOT NULL`, `PRIMARY KEY`, a `CHECK (…)`: the same words on both engines.
        let constraints: String

        init(_ name: String, _ type: ColumnType, _ constraints: String = "NOT NULL") {
            self.name = name
            self.type = type
            self.constraints = constraints
        }

        func render(_ dialect: SQLDialect) -> String {
            switch (type, dialect) {
            case (.text, _): return "\(name) TEXT \(constraints)"
            case (.integer, .sqlite): return "\(name) INTEGER \(constraints)"
            case (.integer, .postgres): return "\(name) BIGINT \(constraints)"
            case (.identity, .sqlite): return "\(name) INTEGER PRIMARY KEY"
            case (.identity, .postgres): return "\(name) BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
            }
        }
    }

    struct Table {
        let name: String
        let columns: [Column]
        /// Rows may be inserted, never changed or deleted.
        var appendOnly = false
        var indexes: [String] = []

        func statements(_ dialect: SQLDialect) -> [String] {
            var statements = ["CREATE TABLE \(name) (\(columns.map { $0.render(dialect) }.joined(separator: ", ")))"]
            for (number, columns) in indexes.enumerated() {
                statements.append("CREATE INDEX \(name)_\(number + 1) ON \(name) (\(columns))")
            }
            if appendOnly {
                let refusal = "\(name) is append-only"
                switch dialect {
                case .sqlite:
                    statements.append("CREATE TRIGGER \(name)_no_update BEFORE UPDATE ON \(name) BEGIN SELECT RAISE(ABORT, '\(refusal)'); END")
                    statements.append("CREATE TRIGGER \(name)_no_delete BEFORE DELETE ON \(name) BEGIN SELECT RAISE(ABORT, '\(refusal)'); END")
                case .postgres:
                    statements.append("""
                        CREATE FUNCTION \(name)_refuse() RETURNS trigger LANGUAGE plpgsql AS $body$ \
                        BEGIN RAISE EXCEPTION '\(refusal)' USING ERRCODE = 'restrict_violation'; END $body$
                        """)
                    statements.append("CREATE TRIGGER \(name)_no_change BEFORE UPDATE OR DELETE ON \(name) FOR EACH ROW EXECUTE FUNCTION \(name)_refuse()")
                    statements.append("CREATE TRIGGER \(name)_no_truncate BEFORE TRUNCATE ON \(name) FOR EACH STATEMENT EXECUTE FUNCTION \(name)_refuse()")
                }
            }
            return statements
        }
    }

    struct Migration {
        let id: String
        var tables: [Table] = []
        /// Statements spelled the same on both engines (`ALTER TABLE … ADD COLUMN …`).
        var statements: [String] = []

        func statements(_ dialect: SQLDialect) -> [String] {
            tables.flatMap { $0.statements(dialect) } + statements
        }
    }

    /// Every migration, oldest first.
    static let migrations: [Migration] = [
        Migration(id: "v1-company-leases", tables: [
            Table(name: "company_leases", columns: [
                Column("company", .text, "PRIMARY KEY"),
                Column("owner", .text),
                Column("generation", .integer, "NOT NULL CHECK (generation >= 1)"),
                Column("expires_at", .integer),
                Column("acquired_at", .integer),
                Column("renewed_at", .integer),
            ]),
            Table(name: "lease_events", columns: [
                Column("id", .identity),
                Column("company", .text),
                Column("owner", .text),
                Column("generation", .integer),
                Column("kind", .text, "NOT NULL CHECK (kind IN ('acquired', 'released'))"),
                Column("at", .integer),
            ], appendOnly: true, indexes: ["company, generation"]),
        ]),
        // Who held the company before its current owner when that one never gave it up (it
        // died or stopped renewing): the new owner settles and finishes that worker's cycle.
        Migration(id: "v2-previous-owner", statements: [
            "ALTER TABLE company_leases ADD COLUMN previous_owner TEXT NOT NULL DEFAULT ''",
        ]),
    ]

    static let migrationsTable = Table(name: "hosting_migrations", columns: [
        Column("id", .text, "PRIMARY KEY"),
        Column("applied_at", .integer),
    ])
}
