
/// Where the live record of one Procore object stands (its newest version that is not superseded).
public struct LiveRecordState: Sendable, Equatable {
    public var sourceID: Int64
    public var state: RecordState
    /// The cause that holds it back, when it is held (``RecordCause``'s text).
    public var cause: String?
}

extension Ledger {
    /// Every Procore object of `resource` paired with a Sage key in `company`: Procore id -> key.
    public func identityPairs(company: String, resource: String) throws -> [Int64: String] {
        try reading { db in
            var pairs: [Int64: String] = [:]
            let rows = try SQLRow.fetchCursor(db, sql: """
                SELECT procore_id, sage_key FROM identity_map WHERE company = ? AND resource = ?
                """, arguments: [company, resource])
            while let row = try rows.next() { pairs[row["procore_id"]] = row["sage_key"] }
            return pairs
        }
    }

    /// The live record of every source of `resource`: the newest row that is not superseded.
    public func liveRecordStates(resource: String) throws -> [Int64: LiveRecordState] {
        try reading { db in
            var states: [Int64: LiveRecordState] = [:]
            let rows = try SQLRow.fetchCursor(db, sql: """
                SELECT source_id, state, cause FROM records
                WHERE resource = ? AND state <> 'superseded' ORDER BY id
                """, arguments: [resource])
            while let row = try rows.next() {
                let text: String = row["state"]
                guard let state = RecordState(rawValue: text) else {
                    throw LedgerError.corruptValue(table: "records", column: "state", value: text)
                }
                let id: Int64 = row["source_id"]
                states[id] = LiveRecordState(sourceID: id, state: state, cause: row["cause"])
            }
            return states
        }
    }

    /// The Procore projects of the records a run (or one of its stages) transformed or batched.
    public func projectIDs(runID: RunID) throws -> Set<Int64> {
        try reading { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT DISTINCT project_id FROM records
                WHERE project_id IS NOT NULL
                  AND (run_id = ?1 OR run_id IN (SELECT id FROM runs WHERE parent_id = ?1)
                       OR batch_id IN (SELECT id FROM batches WHERE run_id = ?1))
                """, arguments: [runID]))
        }
    }
}
