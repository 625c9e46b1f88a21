/// The two SQL engines the hosted mode runs on. The schema and every statement are written
/// once (``HostingSchema``, ``LeaseStatements``); this type says how each engine spells the
/// few things that differ.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The store's clock in milliseconds since 1970 (PostgreSQL's `clock_timestamp()` moves
    /// within a transaction; SQLite's `'now'` is fixed for one statement).
    var now: String {
        switch self {
        case .sqlite: return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        case .postgres: return "(extract(epoch from clock_timestamp()) * 1000)::bigint"
        }
    }

    /// A statement written with `$1, $2, …` placeholders and `{now}` in this dialect.
    func render(_ sql: String) -> String {
        let timed = sql.replacingOccurrences(of: "{now}", with: now)
        // SQLite numbers its parameters ?1, ?2, …; PostgreSQL $1, $2, ….
        return self == .sqlite ? timed.replacingOccurrences(of: "$", with: "?") : timed
    }
}
