import SQLSupport

/// The hosted mode's tables, described once and rendered for each ``SQLDialect``.
///
/// Migrations are applied in order and recorded in `hosting_migrations`; an applied one is
/// never changed, a new one is appended. Audit tables are append-only in the database itself
/// (triggers on both engines), not only by the code's good manners.
enum HostingSchema {
    typealias Column = SQLSchema.Column
    typealias Table = SQLSchema.Table

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
            Table("company_leases", [
                Column("company", .text, "PRIMARY KEY"),
                Column("owner", .text),
                Column("generation", .integer, "NOT NULL CHECK (generation >= 1)"),
                Column("expires_at", .integer),
                Column("acquired_at", .integer),
                Column("renewed_at", .integer),
            ]),
            Table("lease_events", [
                Column("id", .identity),
                Column("company", .text),
                Column("owner", .text),
                Column("generation", .integer),
                Column("kind", .text, "NOT NULL CHECK (kind IN ('acquired', 'released'))"),
                Column("at", .integer),
            ], appendOnly: true, indexes: [.init(on: "company, generation")]),
        ]),
        // Who held the company before its current owner when that one never gave it up (it
        // died or stopped renewing): the new owner settles and finishes that worker's cycle.
        Migration(id: "v2-previous-owner", statements: [
            "ALTER TABLE company_leases ADD COLUMN previous_owner TEXT NOT NULL DEFAULT ''",
        ]),
    ]

    static let migrationsTable = Table("hosting_migrations", [
        Column("id", .text, "PRIMARY KEY"),
        Column("applied_at", .integer),
    ])
}
