
/// Sage reference data cached in the ledger.
public struct CachedReference: Sendable, Equatable {
    /// Sage company code.
    public var company: String
    /// `vendors`, `gl-accounts`, `account-structure`.
    public var kind: String
    public var json: String
    /// ISO 8601 UTC.
    public var fetchedAt: String
}

extension Ledger {
    /// Stores (replacing) the reference data of `kind` for `company`.
    public func putReference(company: String, kind: String, json: String, fetchedAt: String) throws {
        try writing { db in
            try db.cachedStatement(sql: """
                INSERT INTO reference_cache (company, kind, json, fetched_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (company, kind) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at
                """).execute(arguments: [company, kind, json, fetchedAt])
        }
    }

    /// The cached reference data of `kind` for `company`, if any.
    public func reference(company: String, kind: String) throws -> CachedReference? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM reference_cache WHERE company = ? AND kind = ?"),
                             arguments: [company, kind]).map {
                CachedReference(company: $0["company"], kind: $0["kind"], json: $0["json"], fetchedAt: $0["fetched_at"])
            }
        }
    }
}
