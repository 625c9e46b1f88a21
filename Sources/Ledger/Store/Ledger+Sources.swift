import Foundation

/// A commitment or change order line item as later stages look it up.
public struct SourceLineItem: Sendable, Hashable, Codable {
    public var id: Int64
    /// Full cost code (`09-250`), when the line has one.
    public var costCode: String?
    /// Line item type id and code (the Sage cost type), when the line has one.
    public var costTypeID: Int64?
    public var costTypeCode: String?

    public init(id: Int64, costCode: String?, costTypeID: Int64?, costTypeCode: String?) {
        self.id = id
        self.costCode = costCode
        self.costTypeID = costTypeID
        self.costTypeCode = costTypeCode
    }
}

/// One version of a Procore record to store: the staged line (record and children as
/// received) and the fields the ledger indexes.
public struct NewSourceVersion: Sendable, Equatable {
    public var resource: String
    public var companyID: Int64
    public var projectID: Int64?
    public var sourceID: Int64
    public var sourceUpdatedAt: String?
    /// sha256 of the record and children bytes (the content half of the version).
    public var contentSHA256: String
    /// The staged line, `{"resource":…,"record":…,"children":…}` without its line break.
    public var line: Data
    /// The record's line items (commitments, change orders), for lookups by line id.
    public var lineItems: [SourceLineItem]
    /// What a commitment, requisition or payment says about money owed and paid (nil for the
    /// other resources), for planning payment listings.
    public var paymentFact: SourcePaymentFact?

    public init(resource: String, companyID: Int64, projectID: Int64?, sourceID: Int64, sourceUpdatedAt: String?,
                contentSHA256: String, line: Data, lineItems: [SourceLineItem] = [], paymentFact: SourcePaymentFact? = nil) {
        self.resource = resource
        self.companyID = companyID
        self.projectID = projectID
        self.sourceID = sourceID
        self.sourceUpdatedAt = sourceUpdatedAt
        self.contentSHA256 = contentSHA256
        self.line = line
        self.lineItems = lineItems
        self.paymentFact = paymentFact
    }
}

/// A stored version of a Procore record: what was received (its fields read through, e.g.
/// `version.resource`, `version.line`), its place in the ledger's sequence and its origin.
@dynamicMemberLookup
public struct SourceVersion: Sendable, Equatable {
    /// Monotonic sequence number: the order versions were received in.
    public var seq: Int64
    /// `pull`, `inbox` or `import`.
    public var origin: String
    public var runID: RunID?
    /// The version as received (its line items are in `source_line_items`, not repeated here).
    public var received: NewSourceVersion

    public subscript<T>(dynamicMember keyPath: KeyPath<NewSourceVersion, T>) -> T { received[keyPath: keyPath] }
}

extension Ledger {
    // MARK: - Receiving versions

    /// Notes versions a running pull received for one scope. They become source versions when
    /// the pull commits that scope (``commitPull(runID:completed:)``), in the same transaction
    /// as its cursor; a scope that does not complete drops them (it is pulled again).
    public func notePendingVersions(runID: RunID, scope: String, _ versions: [NewSourceVersion]) throws {
        guard !versions.isEmpty else { return }
        try writing { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO pending_versions (run_id, resource, scope, source_id, company_id, project_id,
                    source_updated_at, content_sha256, line, line_items, payment_fact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, resource, scope, source_id) DO UPDATE SET company_id = excluded.company_id,
                    project_id = excluded.project_id, source_updated_at = excluded.source_updated_at,
                    content_sha256 = excluded.content_sha256, line = excluded.line, line_items = excluded.line_items,
                    payment_fact = excluded.payment_fact
                """)
            for version in versions {
                let items = version.lineItems.isEmpty ? nil : PendingColumns.text(version.lineItems)
                let fact = version.paymentFact.map(PendingColumns.text)
                try statement.execute(arguments: [runID, version.resource, scope, version.sourceID, version.companyID,
                                                  version.projectID, version.sourceUpdatedAt, version.contentSHA256,
                                                  version.line, items, fact])
            }
        }
    }

    /// Stores versions received outside a pull (an inbox correction, an import) in one
    /// transaction. A version identical to the newest one of its record is not stored again.
    /// Returns the sequence number of each version stored (nil: identical to the newest).
    @discardableResult
    public func insertSourceVersions(_ versions: [NewSourceVersion], origin: String, runID: RunID?) throws -> [Int64?] {
        try writing { db in
            try versions.map { try Ledger.storeVersion(db, $0, origin: origin, runID: runID) }
        }
    }

    /// Moves a pull's pending versions of one completed scope into `source_versions`.
    static func commitPendingVersions(_ db: SQLConnection, runID: RunID, resource: String, scope: String) throws {
        let rows = try SQLRow.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM pending_versions WHERE run_id = ? AND resource = ? AND scope = ?
            ORDER BY COALESCE(project_id, 0), source_id
            """), arguments: [runID, resource, scope])
        for row in rows {
            let itemsText: String? = row["line_items"]
            let items = try itemsText.map(PendingColumns.lineItems) ?? []
            let factText: String? = row["payment_fact"]
            let fact = try factText.map(PendingColumns.fact)
            let version = NewSourceVersion(resource: row["resource"], companyID: row["company_id"], projectID: row["project_id"],
                                           sourceID: row["source_id"], sourceUpdatedAt: row["source_updated_at"],
                                           contentSHA256: row["content_sha256"], line: row["line"], lineItems: items,
                                           paymentFact: fact)
            try storeVersion(db, version, origin: "pull", runID: runID)
        }
    }

    /// Stores one version (unless identical to the newest of its record), makes it the newest,
    /// and indexes its line items.
    @discardableResult
    static func storeVersion(_ db: SQLConnection, _ version: NewSourceVersion, origin: String, runID: RunID?) throws -> Int64? {
        if let latest = try SQLRow.fetchOne(db.cachedStatement(sql: """
            SELECT v.content_sha256, v.source_updated_at FROM source_latest l JOIN source_versions v ON v.seq = l.seq
            WHERE l.resource = ? AND l.source_id = ?
            """), arguments: [version.resource, version.sourceID]),
            (latest[0] as String) == version.contentSHA256, (latest[1] as String?) == version.sourceUpdatedAt {
            return nil
        }
        try db.cachedStatement(sql: """
            INSERT INTO source_versions (resource, company_id, project_id, source_id, source_updated_at, content_sha256,
                line, origin, run_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [version.resource, version.companyID, version.projectID, version.sourceID,
                             version.sourceUpdatedAt, version.contentSHA256, version.line, origin, runID, Ledger.now()])
        let seq = try db.lastInsertedRowID
        try db.cachedStatement(sql: """
            INSERT INTO source_latest (resource, source_id, seq, project_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (resource, source_id) DO UPDATE SET seq = excluded.seq, project_id = excluded.project_id
            """).execute(arguments: [version.resource, version.sourceID, seq, version.projectID])
        if !version.lineItems.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO source_line_items (line_item_id, parent_resource, parent_id, cost_code, cost_type_id, cost_type_code, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (line_item_id) DO UPDATE SET parent_resource = excluded.parent_resource,
                    parent_id = excluded.parent_id, cost_code = excluded.cost_code, cost_type_id = excluded.cost_type_id,
                    cost_type_code = excluded.cost_type_code, seq = excluded.seq
                """)
            for item in version.lineItems {
                try statement.execute(arguments: [item.id, version.resource, version.sourceID, item.costCode,
                                                  item.costTypeID, item.costTypeCode, seq])
            }
        }
        if let fact = version.paymentFact {
            try storePaymentFact(db, fact, resource: version.resource, sourceID: version.sourceID, projectID: version.projectID)
        }
        return seq
    }

    // MARK: - Reading versions

    /// The highest sequence number stored (0 when none).
    public func sourceSequenceHigh() throws -> Int64 {
        try reading { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM source_versions")) ?? 0 }
    }

    /// How many versions are stored.
    public func sourceVersionCount() throws -> Int {
        try reading { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM source_versions")) ?? 0 }
    }

    /// The newest version of one source record, if any.
    public func latestSourceVersion(resource: String, sourceID: Int64) throws -> SourceVersion? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: """
                SELECT v.* FROM source_latest l JOIN source_versions v ON v.seq = l.seq
                WHERE l.resource = ? AND l.source_id = ?
                """), arguments: [resource, sourceID]).map(Ledger.sourceVersion)
        }
    }

    /// Every stored version of one source record, oldest first.
    public func sourceVersions(resource: String, sourceID: Int64) throws -> [SourceVersion] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM source_versions WHERE resource = ? AND source_id = ? ORDER BY seq"),
                             arguments: [resource, sourceID]).map(Ledger.sourceVersion)
        }
    }

    /// A commitment or change order line item by id, from the newest version of its parent.
    public func sourceLineItem(id: Int64) throws -> SourceLineItem? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: """
                SELECT line_item_id, cost_code, cost_type_id, cost_type_code FROM source_line_items WHERE line_item_id = ?
                """), arguments: [id]).map {
                SourceLineItem(id: $0[0], costCode: $0[1], costTypeID: $0[2], costTypeCode: $0[3])
            }
        }
    }

    /// Where the newest version of a source record is, and how transform orders it.
    public struct SourceKey: Sendable, Equatable {
        public var seq: Int64
        public var projectID: Int64?
        public var sourceID: Int64
    }

    /// The newest versions of `resource` received in `(after, through]`, in a stable order
    /// (project, then Procore id), never in arrival order.
    public func newestSourceKeys(resource: String, after: Int64, through: Int64) throws -> [SourceKey] {
        guard through > after else { return [] }
        return try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT seq, project_id, source_id FROM source_latest WHERE resource = ? AND seq > ? AND seq <= ?
                ORDER BY COALESCE(project_id, 0), source_id
                """), arguments: [resource, after, through]).map { SourceKey(seq: $0[0], projectID: $0[1], sourceID: $0[2]) }
        }
    }

    /// The newest versions of these records (`resource`, Procore ids) received through `through`,
    /// in a stable order (project, then Procore id).
    public func newestSourceKeys(resource: String, sourceIDs: [Int64], through: Int64) throws -> [SourceKey] {
        guard !sourceIDs.isEmpty else { return [] }
        return try reading { db in
            var result: [SourceKey] = []
            try Ledger.inChunks(sourceIDs, leading: [resource, through]) { marks, arguments in
                result += try SQLRow.fetchAll(db, sql: """
                    SELECT seq, project_id, source_id FROM source_latest
                    WHERE resource = ? AND seq <= ? AND source_id IN (\(marks))
                    """, arguments: arguments).map { SourceKey(seq: $0[0], projectID: $0[1], sourceID: $0[2]) }
            }
            return result.sorted { ($0.projectID ?? 0, $0.sourceID) < ($1.projectID ?? 0, $1.sourceID) }
        }
    }

    /// How many versions of each resource were received in `(after, through]`.
    public func sourceVersionCounts(after: Int64, through: Int64) throws -> [String: Int] {
        guard through > after else { return [:] }
        return try reading { db in
            var counts: [String: Int] = [:]
            for row in try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT resource, COUNT(*) FROM source_versions WHERE seq > ? AND seq <= ? GROUP BY resource
                """), arguments: [after, through]) {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    /// The versions with these sequence numbers, in the order given.
    public func sourceVersions(seqs: [Int64]) throws -> [SourceVersion] {
        guard !seqs.isEmpty else { return [] }
        return try reading { db in
            var bySeq: [Int64: SourceVersion] = [:]
            try Ledger.inChunks(seqs) { marks, arguments in
                for row in try SQLRow.fetchAll(db, sql: "SELECT * FROM source_versions WHERE seq IN (\(marks))",
                                            arguments: arguments) {
                    let version = try Ledger.sourceVersion(row)
                    bySeq[version.seq] = version
                }
            }
            return seqs.compactMap { bySeq[$0] }
        }
    }

    /// Lookup keys (`<resource>:<id>`, and `line_items:<id>` for the lines of commitments and
    /// change orders) of the versions received in `(after, through]`.
    public func changedSourceKeys(after: Int64, through: Int64) throws -> Set<String> {
        try reading { db in
            var keys = Set<String>()
            let rows = try SQLRow.fetchCursor(db, sql: "SELECT resource, source_id FROM source_versions WHERE seq > ? AND seq <= ?",
                                           arguments: [after, through])
            while let row = try rows.next() {
                keys.insert(Ledger.lookupKey(resource: row[0], id: row[1]))
            }
            let lines = try Int64.fetchCursor(db, sql: "SELECT line_item_id FROM source_line_items WHERE seq > ? AND seq <= ?",
                                              arguments: [after, through])
            while let id = try lines.next() { keys.insert("line_items:\(id)") }
            return keys
        }
    }

    /// The key a lookup of `resource` id `id` is recorded under: commitments share one family
    /// (a requisition names its commitment without saying which kind it is).
    public static func lookupKey(resource: String, id: Int64) -> String {
        switch resource {
        case "purchase_order_contracts", "work_order_contracts": return "commitments:\(id)"
        default: return "\(resource):\(id)"
        }
    }

    static func sourceVersion(_ row: SQLRow) throws -> SourceVersion {
        SourceVersion(seq: row["seq"], origin: row["origin"], runID: row["run_id"], received: NewSourceVersion(
            resource: row["resource"], companyID: row["company_id"], projectID: row["project_id"], sourceID: row["source_id"],
            sourceUpdatedAt: row["source_updated_at"], contentSHA256: row["content_sha256"], line: row["line"]))
    }

    // MARK: - Pipeline state

    /// A named pipeline value (`transform-through-seq`, `transform-context`), if set.
    public func pipelineValue(_ name: String) throws -> String? {
        try reading { db in try Ledger.pipelineValue(db, name) }
    }

    static func pipelineValue(_ db: SQLConnection, _ name: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM pipeline_state WHERE name = ?"), arguments: [name])
    }

    /// The source sequence number up to which payment plans have looked for changed requisitions.
    static let paymentsScanFloorKey = "payments-scan-floor"

    /// Sets a named pipeline value.
    public func setPipelineValue(_ name: String, _ value: String) throws {
        try writing { db in try Ledger.setPipelineValue(db, name, value) }
    }

    static func setPipelineValue(_ db: SQLConnection, _ name: String, _ value: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO pipeline_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """).execute(arguments: [name, value])
    }

    // MARK: - Why invalid records wait

    /// Replaces what an invalid record depends on (the lookup keys it read while being built).
    public func setDependencies(recordID: Int64, keys: Set<String>) throws {
        try writing { db in
            try db.cachedStatement(sql: "DELETE FROM record_dependencies WHERE record_id = ?").execute(arguments: [recordID])
            let statement = try db.cachedStatement(sql: "INSERT INTO record_dependencies (record_id, dep_key) VALUES (?, ?) ON CONFLICT DO NOTHING")
            for key in keys.sorted() { try statement.execute(arguments: [recordID, key]) }
        }
    }

    /// Procore ids of the `invalid` records of `resource` that depend on any of `keys`.
    public func invalidSourceIDs(resource: String, dependingOn keys: Set<String>) throws -> [Int64] {
        guard !keys.isEmpty else { return [] }
        let list = Array(keys)
        // From the changed keys to the records that read them (CROSS JOIN keeps SQLite from
        // walking every record of the resource instead): the cost follows what changed.
        return try reading { db in
            var ids = Set<Int64>()
            try Ledger.inChunks(list, leading: [resource, RecordState.invalid.rawValue]) { marks, arguments in
                ids.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT r.source_id FROM record_dependencies d CROSS JOIN records r ON r.id = d.record_id
                    WHERE r.resource = ? AND r.state = ? AND d.dep_key IN (\(marks))
                    """, arguments: arguments))
            }
            return ids.sorted()
        }
    }

    /// Procore ids of the live records of `resource` in `states`.
    public func sourceIDs(resource: String, states: [RecordState], unbatchedOnly: Bool = false) throws -> [Int64] {
        guard !states.isEmpty else { return [] }
        return try reading { db in
            let marks = Array(repeating: "?", count: states.count).joined(separator: ",")
            var arguments: SQLArguments = [resource]
            arguments += SQLArguments(states.map(\.rawValue))
            return try Int64.fetchAll(db, sql: """
                SELECT DISTINCT source_id FROM records WHERE resource = ? AND state IN (\(marks))
                \(unbatchedOnly ? "AND batch_id IS NULL AND errors_json = '[]'" : "") ORDER BY source_id
                """, arguments: arguments)
        }
    }

    // MARK: - What a document waits for

    /// Why each of these records must wait: the records it needs that are not in Sage yet.
    public func postBlockers(recordIDs: [Int64]) throws -> [Int64: [String]] {
        guard !recordIDs.isEmpty else { return [:] }
        return try reading { db in
            var result: [Int64: [String]] = [:]
            try Ledger.inChunks(recordIDs) { marks, arguments in
                for row in try SQLRow.fetchAll(db, sql: """
                    SELECT p.record_id, p.what, n.id, n.state, n.idempotency_key, n.batch_id, b.state AS batch_state
                    FROM record_prerequisites p
                    JOIN records n ON n.idempotency_key = p.needs_key AND n.state <> 'superseded'
                    LEFT JOIN batches b ON b.id = n.batch_id
                    WHERE p.record_id IN (\(marks)) AND n.state NOT IN ('posted', 'drift')
                    ORDER BY p.record_id, n.id
                    """, arguments: arguments) {
                    let what: String = row["what"]
                    let state: String = row["state"]
                    let key: String = row["idempotency_key"]
                    let batch: String? = row["batch_id"]
                    let batchState: String? = row["batch_state"]
                    let id: Int64 = row[2]
                    var why = "\(what) \(key) (record \(id)) is \(state)"
                    if let batch { why += " in batch \(batch) (\(batchState ?? "unknown"))" }
                    result[row["record_id"], default: []].append(why)
                }
            }
            return result
        }
    }
}
