import GRDB

/// What the ledger knows about a company's commitments, requisitions and payments, to decide
/// which commitments a pull asks Procore for payments (`contract_payments` is listed per
/// commitment and has no `updated_at` filter). Each record in its newest version, this pull's
/// pending versions taking precedence over stored ones.
public struct PaymentPlanFacts: Sendable, Equatable {
    public struct Requisition: Sendable, Equatable {
        public var id: Int64
        public var projectID: Int64?
        public var commitmentID: Int64?
        public var status: String?
        /// `summary.current_payment_due` as Procore sent it (decimal string or number).
        public var currentPaymentDue: String?
        /// Received in this pull, or stored after `since`.
        public var changed: Bool

        public init(id: Int64, projectID: Int64?, commitmentID: Int64?, status: String?, currentPaymentDue: String?, changed: Bool) {
            self.id = id
            self.projectID = projectID
            self.commitmentID = commitmentID
            self.status = status
            self.currentPaymentDue = currentPaymentDue
            self.changed = changed
        }
    }

    public struct Payment: Sendable, Equatable {
        public var id: Int64
        public var requisitionID: Int64?
        public var amount: String?

        public init(id: Int64, requisitionID: Int64?, amount: String?) {
            self.id = id
            self.requisitionID = requisitionID
            self.amount = amount
        }
    }

    /// Commitments (purchase order and work order contracts, not deleted) per project.
    public var commitments: [Int64: [Int64]]
    public var requisitions: [Requisition]
    public var payments: [Payment]

    public init(commitments: [Int64: [Int64]], requisitions: [Requisition], payments: [Payment]) {
        self.commitments = commitments
        self.requisitions = requisitions
        self.payments = payments
    }
}

extension Ledger {
    /// The cursor of (resource, scope) and the run that set it; nil before the first.
    public func cursorWithRun(resource: String, scope: String) throws -> (updatedThrough: String, runID: RunID?)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT updated_through, run_id FROM cursors WHERE resource = ? AND scope = ?",
                                             arguments: [resource, scope]) else { return nil }
            return (row[0], row[1])
        }
    }

    /// The facts for planning payment listings (see ``PaymentPlanFacts``).
    ///
    /// - Parameters:
    ///   - runID: the running pull, whose pending versions count as the newest.
    ///   - changedSince: per project, requisition versions stored after this instant (ISO 8601)
    ///     by another run than `run` count as changed (e.g. pulled early after a webhook since the
    ///     project's last payment listing, which was made by `run`).
    public func paymentPlanFacts(runID: RunID, changedSince: [Int64: (since: String, run: RunID?)]) throws -> PaymentPlanFacts {
        try pool.read { db in
            func newest(_ resources: [String], _ fields: [String]) throws -> [Row] {
                let list = resources.map { "'\($0)'" }.joined(separator: ",")
                let extracted = fields.map { "CAST(json_extract(CAST(line AS TEXT), '$.record.\($0)') AS TEXT)" }.joined(separator: ", ")
                return try Row.fetchAll(db, sql: """
                    SELECT source_id, project_id, 1 AS pending, NULL AS received_at, NULL AS version_run, \(extracted)
                    FROM pending_versions WHERE run_id = ? AND resource IN (\(list))
                    UNION ALL
                    SELECT l.source_id, l.project_id, 0, v.received_at, v.run_id, \(extracted.replacingOccurrences(of: "CAST(line", with: "CAST(v.line"))
                    FROM source_latest l JOIN source_versions v ON v.seq = l.seq
                    WHERE l.resource IN (\(list)) AND NOT EXISTS (
                        SELECT 1 FROM pending_versions p WHERE p.run_id = ? AND p.resource = l.resource AND p.source_id = l.source_id)
                    """, arguments: [runID, runID])
            }
            var commitments: [Int64: Set<Int64>] = [:]
            for row in try newest(["purchase_order_contracts", "work_order_contracts"], ["deleted_at"]) {
                guard let project: Int64 = row["project_id"] else { continue }
                let deleted: String? = row[5]
                if deleted == nil { commitments[project, default: []].insert(row["source_id"]) }
            }
            var requisitions: [PaymentPlanFacts.Requisition] = []
            for row in try newest(["requisitions"], ["commitment_id", "status", "summary.current_payment_due"]) {
                let project: Int64? = row["project_id"]
                let pending: Bool = row["pending"]
                let received: String? = row["received_at"]
                var changed = pending
                let versionRun: String? = row["version_run"]
                if !changed, let project, let since = changedSince[project], let received {
                    changed = received > since.since && (versionRun == nil || versionRun != since.run)
                }
                let commitment: String? = row[5]
                requisitions.append(.init(id: row["source_id"], projectID: project, commitmentID: commitment.flatMap { Int64($0) },
                                          status: row[6], currentPaymentDue: row[7], changed: changed))
            }
            var payments: [PaymentPlanFacts.Payment] = []
            for row in try newest(["contract_payments"], ["requisition_id", "amount"]) {
                let requisition: String? = row[5]
                payments.append(.init(id: row["source_id"], requisitionID: requisition.flatMap { Int64($0) }, amount: row[6]))
            }
            return PaymentPlanFacts(commitments: commitments.mapValues { $0.sorted() }, requisitions: requisitions, payments: payments)
        }
    }
}
