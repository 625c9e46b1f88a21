
extension Ledger {
    /// The Sage key paired with a Procore object, if any.
    public func sageKey(company: String, resource: String, procoreID: Int64) throws -> String? {
        try reading { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT sage_key FROM identity_map WHERE company = ? AND resource = ? AND procore_id = ?
                """), arguments: [company, resource, procoreID])
        }
    }

    /// The Procore id paired with a Sage key, if any.
    public func procoreID(company: String, resource: String, sageKey: String) throws -> Int64? {
        try reading { db in
            try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT procore_id FROM identity_map WHERE company = ? AND resource = ? AND sage_key = ?
                """), arguments: [company, resource, sageKey])
        }
    }

    /// Pairs a Procore object with a Sage key in `company` (a Sage company code). Putting the same
    /// pair again is a no-op; pairing either side with something else throws
    /// ``LedgerError/identityConflict(company:resource:procoreID:sageKey:existing:)``.
    public func putIdentity(company: String, resource: String, procoreID: Int64, sageKey: String) throws {
        try writing { db in
            if let key = try String.fetchOne(db.cachedStatement(sql: """
                SELECT sage_key FROM identity_map WHERE company = ? AND resource = ? AND procore_id = ?
                """), arguments: [company, resource, procoreID]) {
                if key == sageKey { return }
                throw LedgerError.identityConflict(company: company, resource: resource, procoreID: procoreID,
                                                   sageKey: sageKey, existing: "Procore id \(procoreID) is already paired with Sage key '\(key)'")
            }
            if let id = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT procore_id FROM identity_map WHERE company = ? AND resource = ? AND sage_key = ?
                """), arguments: [company, resource, sageKey]) {
                throw LedgerError.identityConflict(company: company, resource: resource, procoreID: procoreID,
                                                   sageKey: sageKey, existing: "Sage key '\(sageKey)' is already paired with Procore id \(id)")
            }
            try db.cachedStatement(sql: """
                INSERT INTO identity_map (company, resource, procore_id, sage_key, created_at) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [company, resource, procoreID, sageKey, Ledger.now()])
            try Ledger.insertAudit(db, runID: nil, actor: "ml-connector", action: "identity.put",
                                       subject: "identity:\(company):\(resource):\(procoreID)",
                                       detailJSON: "{\"sage_key\":\(jsonString(sageKey))}")
        }
    }
}
