import Foundation

/// What the ledger knows to decide which commitments a pull asks Procore for payments
/// (`contract_payments` is listed per commitment and has no `updated_at` filter). Read from
/// `payment_facts` (newest versions) with this pull's pending versions taking precedence: the
/// cost follows the open and the changed requisitions, not the company's history.
public struct PaymentPlanFacts: Sendable, Equatable {
    /// A requisition that can make its commitment worth listing: open (approved, not fully
    /// paid), received in this pull, or changed since its commitment's last listing.
    public struct Requisition: Sendable, Equatable {
        public var id: Int64
        public var projectID: Int64?
        public var commitmentID: Int64?
        /// Approved (`approved`, `approved_as_noted`) and not deleted.
        public var approved: Bool
        /// `summary.current_payment_due`, in cents.
        public var dueCents: Int64
        /// The payments pulled so far for it, in cents.
        public var paidCents: Int64
        /// Received in this pull, or stored after its commitment's last listing by another run
        /// (e.g. pulled early after a webhook).
        public var changed: Bool

        public init(id: Int64, projectID: Int64?, commitmentID: Int64?, approved: Bool, dueCents: Int64, paidCents: Int64,
                    changed: Bool) {
            self.id = id
            self.projectID = projectID
            self.commitmentID = commitmentID
            self.approved = approved
            self.dueCents = dueCents
            self.paidCents = paidCents
            self.changed = changed
        }

        /// Approved with a payment due that the payments pulled so far do not cover.
        public var unpaid: Bool { approved && dueCents > 0 && paidCents < dueCents }
    }

    /// Commitments (purchase order and work order contracts, not deleted) per project.
    public var commitments: [Int64: [Int64]]
    public var requisitions: [Requisition]
    /// When each commitment's payments were last listed (ISO 8601), for the recheck interval.
    public var lastListed: [Int64: String]
    /// The source sequence number the plan was made at: the listings it plans saw every
    /// version up to it.
    public var sequenceHigh: Int64

    public init(commitments: [Int64: [Int64]], requisitions: [Requisition], lastListed: [Int64: String] = [:],
                sequenceHigh: Int64 = 0) {
        self.commitments = commitments
        self.requisitions = requisitions
        self.lastListed = lastListed
        self.sequenceHigh = sequenceHigh
    }
}

extension Ledger {
    /// `pipeline_state` name set once every stored version has its payment fact.
    public static let paymentFactsIndexedKey = "payment-facts"

    /// True once every stored version's payment fact is in `payment_facts`.
    public func paymentFactsIndexed() throws -> Bool {
        try pipelineValue(Self.paymentFactsIndexedKey) != nil
    }

    /// The sequence numbers of the newest versions of these resources, in order.
    public func newestSequences(resources: [String]) throws -> [Int64] {
        try reading { db in
            let marks = Array(repeating: "?", count: resources.count).joined(separator: ",")
            return try Int64.fetchAll(db, sql: "SELECT seq FROM source_latest WHERE resource IN (\(marks)) ORDER BY seq",
                                      arguments: SQLArguments(resources))
        }
    }

    /// Stores payment facts for versions already in the ledger (the one-time index of a ledger
    /// that had versions before facts were kept), in one transaction, and marks the index done.
    public func indexPaymentFacts(_ facts: [(resource: String, sourceID: Int64, projectID: Int64?, fact: SourcePaymentFact)]) throws {
        try writing { db in
            for entry in facts {
                try Ledger.storePaymentFact(db, entry.fact, resource: entry.resource, sourceID: entry.sourceID, projectID: entry.projectID)
            }
            try Ledger.setPipelineValue(db, Ledger.paymentFactsIndexedKey, "1")
        }
    }

    /// Makes `fact` the newest of its record and keeps `open` right for the requisitions it touches.
    static func storePaymentFact(_ db: SQLConnection, _ fact: SourcePaymentFact, resource: String, sourceID: Int64, projectID: Int64?) throws {
        var affected: Set<Int64> = []
        switch fact.kind {
        case .requisition:
            affected.insert(sourceID)
        case .payment:
            if let previous = try Int64.fetchOne(db.cachedStatement(sql: "SELECT requisition_id FROM payment_facts WHERE resource = ? AND source_id = ?"),
                                                 arguments: [resource, sourceID]) {
                affected.insert(previous)
            }
            if let requisition = fact.requisitionID { affected.insert(requisition) }
        case .commitment:
            break
        }
        try db.cachedStatement(sql: """
            INSERT INTO payment_facts (resource, source_id, kind, project_id, commitment_id, requisition_id, active, cents)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (resource, source_id) DO UPDATE SET kind = excluded.kind, project_id = excluded.project_id,
                commitment_id = excluded.commitment_id, requisition_id = excluded.requisition_id,
                active = excluded.active, cents = excluded.cents
            """).execute(arguments: [resource, sourceID, fact.kind.rawValue, projectID, fact.commitmentID, fact.requisitionID,
                             fact.active, fact.cents])
        let update = try db.cachedStatement(sql: """
            UPDATE payment_facts SET open = CASE WHEN active = 1 AND cents > 0 AND cents > (
                SELECT COALESCE(SUM(p.cents), 0) FROM payment_facts p INDEXED BY payment_facts_paid
                WHERE p.kind = 'payment' AND p.active = 1 AND p.requisition_id = ?1) THEN 1 ELSE 0 END
            WHERE resource = 'requisitions' AND source_id = ?1 AND kind = 'requisition'
            """)
        for requisition in affected.sorted() {
            try update.execute(arguments: [requisition])
        }
    }

    /// The facts for planning payment listings (see ``PaymentPlanFacts``); `runID` is the
    /// running pull, whose pending versions count as the newest.
    public func paymentPlanFacts(runID: RunID) throws -> PaymentPlanFacts {
        try reading { db in
            let high = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM source_versions")) ?? 0
            struct Fact { var projectID: Int64?; var fact: SourcePaymentFact }
            var pending: [String: [Int64: Fact]] = [:]
            for row in try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT resource, source_id, project_id, payment_fact FROM pending_versions
                WHERE run_id = ? AND payment_fact IS NOT NULL
                """), arguments: [runID]) {
                let text: String = row["payment_fact"]
                let fact = try PendingColumns.fact(text)
                pending[row["resource"], default: [:]][row["source_id"]] = Fact(projectID: row["project_id"], fact: fact)
            }
            func pendingFacts(_ kind: SourcePaymentFact.Kind) -> [(resource: String, id: Int64, fact: Fact)] {
                pending.flatMap { resource, facts in
                    facts.filter { $0.value.fact.kind == kind }.map { (resource, $0.key, $0.value) }
                }
            }

            var commitments: [Int64: Set<Int64>] = [:]
            // Cursors and column positions: these loops read every open requisition and active
            // commitment, so no row is copied and no column is looked up by name.
            let commitmentRows = try SQLRow.fetchCursor(db, sql: """
                SELECT resource, source_id, project_id FROM payment_facts WHERE kind = 'commitment' AND active = 1
                """)
            while let row = try commitmentRows.next() {
                let resource: String = row[0]
                let id: Int64 = row[1]
                guard pending[resource]?[id] == nil, let project: Int64 = row[2] else { continue }
                commitments[project, default: []].insert(id)
            }
            for (_, id, entry) in pendingFacts(.commitment) where entry.fact.active {
                if let project = entry.projectID { commitments[project, default: []].insert(id) }
            }

            var listings: [Int64: (through: Int64, run: String?, at: String)] = [:]
            let listingRows = try SQLRow.fetchCursor(db, sql: "SELECT commitment_id, through_seq, run_id, listed_at FROM payment_listings")
            while let row = try listingRows.next() {
                listings[row[0]] = (row[1], row[2], row[3])
            }

            // The candidates: open requisitions, changed since their commitment's listing, received now.
            var candidates: [Int64: PaymentPlanFacts.Requisition] = [:]
            /// `row` starts with source_id, project_id, commitment_id, active, cents.
            func candidate(_ row: SQLRow, changed: Bool) {
                let id: Int64 = row[0]
                guard pending["requisitions"]?[id] == nil else { return }
                var entry = candidates[id] ?? .init(id: id, projectID: row[1], commitmentID: row[2],
                                                     approved: row[3], dueCents: row[4], paidCents: 0, changed: false)
                entry.changed = entry.changed || changed
                candidates[id] = entry
            }
            let openRows = try SQLRow.fetchCursor(db, sql: """
                SELECT source_id, project_id, commitment_id, active, cents FROM payment_facts WHERE kind = 'requisition' AND open = 1
                """)
            while let row = try openRows.next() {
                candidate(row, changed: false)
            }
            // Versions up to the floor were seen by a plan whose listings all completed.
            let floor = Int64(try Ledger.pipelineValue(db, Ledger.paymentsScanFloorKey) ?? "") ?? 0
            if let oldest = listings.values.map(\.through).min().map({ max($0, floor) }) {
                for row in try SQLRow.fetchAll(db.cachedStatement(sql: """
                    SELECT l.source_id, f.project_id, f.commitment_id, f.active, f.cents, l.seq, v.run_id
                    FROM source_latest l JOIN source_versions v ON v.seq = l.seq
                    JOIN payment_facts f ON f.resource = l.resource AND f.source_id = l.source_id
                    WHERE l.resource = 'requisitions' AND l.seq > ?
                    """), arguments: [oldest]) {
                    let seq: Int64 = row[5]
                    let versionRun: String? = row[6]
                    let commitment: Int64? = row[2]
                    let changed: Bool
                    if let commitment, let listing = listings[commitment] {
                        changed = seq > listing.through && (versionRun == nil || versionRun != listing.run)
                    } else {
                        changed = true
                    }
                    if changed { candidate(row, changed: true) }
                }
            }
            for (_, id, entry) in pendingFacts(.requisition) {
                candidates[id] = .init(id: id, projectID: entry.projectID, commitmentID: entry.fact.commitmentID,
                                       approved: entry.fact.active, dueCents: entry.fact.cents, paidCents: 0, changed: true)
            }
            // A payment received now can settle a requisition received earlier.
            let paidNow = Set(pendingFacts(.payment).compactMap(\.fact.fact.requisitionID)).subtracting(candidates.keys)
            try Ledger.inChunks(paidNow.sorted()) { marks, arguments in
                for row in try SQLRow.fetchAll(db, sql: """
                    SELECT source_id, project_id, commitment_id, active, cents FROM payment_facts
                    WHERE resource = 'requisitions' AND source_id IN (\(marks)) AND kind = 'requisition'
                    """, arguments: arguments) {
                    candidate(row, changed: false)
                }
            }

            // What has been paid on each candidate: stored payments, this pull's taking precedence.
            var payments: [Int64: (requisition: Int64?, cents: Int64)] = [:]
            try Ledger.inChunks(candidates.keys.sorted()) { marks, arguments in
                for row in try SQLRow.fetchAll(db, sql: """
                    SELECT source_id, requisition_id, cents FROM payment_facts INDEXED BY payment_facts_paid
                    WHERE kind = 'payment' AND active = 1 AND requisition_id IN (\(marks))
                    """, arguments: arguments) {
                    payments[row[0]] = (row[1], row[2])
                }
            }
            for (_, id, entry) in pendingFacts(.payment) {
                payments[id] = entry.fact.active ? (entry.fact.requisitionID, entry.fact.cents) : nil
            }
            for payment in payments.values {
                guard let requisition = payment.requisition, candidates[requisition] != nil else { continue }
                candidates[requisition]!.paidCents += payment.cents
            }

            var lastListed: [Int64: String] = [:]
            for (commitment, listing) in listings { lastListed[commitment] = listing.at }
            return PaymentPlanFacts(commitments: commitments.mapValues { $0.sorted() },
                                    requisitions: candidates.values.sorted { $0.id < $1.id },
                                    lastListed: lastListed, sequenceHigh: high)
        }
    }
}
