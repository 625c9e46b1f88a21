
/// One scope a pull finished completely, to be committed by ``Ledger/commitPull(runID:completed:)``.
public struct CompletedPullScope: Sendable, Equatable {
    public var resource: String
    public var scope: String
    /// The new cursor (the run's start), or nil for resources pulled whole.
    public var updatedThrough: String?
    /// True for resources pulled whole: the scope's hashes are replaced by what this run saw
    /// (records gone from Procore drop out). False: this run's hashes are merged in.
    public var replaceHashes: Bool
    /// A payments scope: the commitments whose payments it listed, recorded in
    /// `payment_listings` with the run and the source sequence number the listing was planned at.
    public var paymentListing: PaymentListingMark?

    public init(resource: String, scope: String, updatedThrough: String?, replaceHashes: Bool,
                paymentListing: PaymentListingMark? = nil) {
        self.resource = resource
        self.scope = scope
        self.updatedThrough = updatedThrough
        self.replaceHashes = replaceHashes
        self.paymentListing = paymentListing
    }
}

/// The commitments of one project whose payments a pull listed, and the source sequence number
/// its plan saw (requisition versions after it are changes the listing did not see).
public struct PaymentListingMark: Sendable, Equatable {
    public var projectID: Int64?
    public var commitmentIDs: [Int64]
    public var throughSeq: Int64

    public init(projectID: Int64?, commitmentIDs: [Int64], throughSeq: Int64) {
        self.projectID = projectID
        self.commitmentIDs = commitmentIDs
        self.throughSeq = throughSeq
    }
}

extension Ledger {
    /// Records updated through this ISO 8601 instant have been pulled for (resource, scope);
    /// nil before the first complete pull.
    public func cursor(resource: String, scope: String) throws -> String? {
        try reading { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT updated_through FROM cursors WHERE resource = ? AND scope = ?"),
                                arguments: [resource, scope])
        }
    }

    /// Every cursor, keyed by resource then scope.
    public func cursors() throws -> [String: [String: String]] {
        try reading { db in
            var result: [String: [String: String]] = [:]
            for row in try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT resource, scope, updated_through FROM cursors")) {
                result[row["resource"], default: [:]][row["scope"]] = row["updated_through"]
            }
            return result
        }
    }

    /// Sets the cursor of (resource, scope). Call only when that scope completed.
    public func advanceCursor(resource: String, scope: String, to updatedThrough: String, runID: RunID) throws {
        try writing { db in
            try Ledger.upsertCursor(db, resource: resource, scope: scope, to: updatedThrough, runID: runID)
        }
    }

    /// The stored sha256 (hex) of every record of (resource, scope), by record id.
    public func contentHashes(resource: String, scope: String) throws -> [Int64: String] {
        try reading { db in
            var result: [Int64: String] = [:]
            let rows = try SQLRow.fetchCursor(db, sql: """
                SELECT record_id, sha256 FROM content_hashes WHERE resource = ? AND scope = ?
                """, arguments: [resource, scope])
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }

    /// The stored sha256 of just these records of (resource, scope); ids without one are absent.
    public func contentHashes(resource: String, scope: String, ids: [Int64]) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        return try reading { db in
            var result: [Int64: String] = [:]
            try Ledger.inChunks(ids, leading: [resource, scope]) { marks, arguments in
                let rows = try SQLRow.fetchCursor(db, sql: """
                    SELECT record_id, sha256 FROM content_hashes
                    WHERE resource = ? AND scope = ? AND record_id IN (\(marks))
                    """, arguments: arguments)
                while let row = try rows.next() { result[row[0]] = row[1] }
            }
            return result
        }
    }

    /// Replaces every stored hash of (resource, scope) with `hashes`.
    public func replaceContentHashes(resource: String, scope: String, _ hashes: [Int64: String]) throws {
        try writing { db in
            try db.cachedStatement(sql: "DELETE FROM content_hashes WHERE resource = ? AND scope = ?").execute(arguments: [resource, scope])
            let statement = try db.makeStatement(sql: """
                INSERT INTO content_hashes (resource, scope, record_id, sha256) VALUES (?, ?, ?, ?)
                """)
            for (id, hash) in hashes {
                try statement.execute(arguments: [resource, scope, id, hash])
            }
        }
    }

    /// Notes records a running pull has received for (resource, scope) and returns the ids not
    /// seen before in this run (a record that moved between pages arrives twice: stage it once).
    public func notePulled(runID: RunID, resource: String, scope: String,
                           records: [(id: Int64, sha256: String)]) throws -> Set<Int64> {
        guard !records.isEmpty else { return [] }
        return try writing { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO pending_hashes (run_id, resource, scope, record_id, sha256) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
            var fresh = Set<Int64>()
            for record in records {
                try statement.execute(arguments: [runID, resource, scope, record.id, record.sha256])
                if db.changesCount > 0 { fresh.insert(record.id) }
            }
            return fresh
        }
    }

    /// Forgets what run `runID` noted for one scope (the scope is being pulled again).
    public func discardPulled(runID: RunID, resource: String, scope: String) throws {
        try writing { db in
            try db.execute(sql: "DELETE FROM pending_hashes WHERE run_id = ? AND resource = ? AND scope = ?",
                           arguments: [runID, resource, scope])
            try db.execute(sql: "DELETE FROM pending_versions WHERE run_id = ? AND resource = ? AND scope = ?",
                           arguments: [runID, resource, scope])
        }
    }

    /// Commits a pull in one transaction: for each completed scope, advances its cursor, stores
    /// the hashes the run saw and makes the versions it received source versions; everything else the run noted is dropped (those scopes
    /// are pulled again next time). Call after the staged files are safely on disk.
    ///
    /// `paymentsPlannedThrough`: the source sequence number the pull's payment plan saw, given
    /// only when every scope of the pull completed. Every requisition version up to it was then
    /// either covered by its commitment's listing or not listable, so the next plan looks for
    /// changed requisitions only after it (``paymentPlanFacts(runID:)``): its cost follows what
    /// changed since, not every requisition since the oldest listing.
    public func commitPull(runID: RunID, completed: [CompletedPullScope], paymentsPlannedThrough: Int64? = nil) throws {
        try writing { db in
            if let through = paymentsPlannedThrough {
                try Ledger.setPipelineValue(db, Ledger.paymentsScanFloorKey, String(through))
            }
            for scope in completed {
                if let through = scope.updatedThrough {
                    try Ledger.upsertCursor(db, resource: scope.resource, scope: scope.scope, to: through, runID: runID)
                }
                if scope.replaceHashes {
                    try db.execute(sql: "DELETE FROM content_hashes WHERE resource = ? AND scope = ?",
                                   arguments: [scope.resource, scope.scope])
                }
                try db.cachedStatement(sql: """
                    INSERT INTO content_hashes (resource, scope, record_id, sha256)
                    SELECT resource, scope, record_id, sha256 FROM pending_hashes
                    WHERE run_id = ? AND resource = ? AND scope = ?
                    ON CONFLICT (resource, scope, record_id) DO UPDATE SET sha256 = excluded.sha256
                    """).execute(arguments: [runID, scope.resource, scope.scope])
                try Ledger.commitPendingVersions(db, runID: runID, resource: scope.resource, scope: scope.scope)
                if let listing = scope.paymentListing {
                    let statement = try db.cachedStatement(sql: """
                        INSERT INTO payment_listings (commitment_id, project_id, through_seq, run_id, listed_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (commitment_id) DO UPDATE SET project_id = excluded.project_id,
                            through_seq = excluded.through_seq, run_id = excluded.run_id, listed_at = excluded.listed_at
                        """)
                    let now = Ledger.now()
                    for commitment in listing.commitmentIDs {
                        try statement.execute(arguments: [commitment, listing.projectID, listing.throughSeq, runID, now])
                    }
                }
            }
            try db.cachedStatement(sql: "DELETE FROM pending_hashes WHERE run_id = ?").execute(arguments: [runID])
            try db.cachedStatement(sql: "DELETE FROM pending_versions WHERE run_id = ?").execute(arguments: [runID])
        }
    }

    static func upsertCursor(_ db: SQLConnection, resource: String, scope: String, to updatedThrough: String, runID: RunID) throws {
        try db.cachedStatement(sql: """
            INSERT INTO cursors (resource, scope, updated_through, run_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (resource, scope) DO UPDATE SET updated_through = excluded.updated_through, run_id = excluded.run_id
            """).execute(arguments: [resource, scope, updatedThrough, runID])
    }
}
