/// One version of a source record in the pipeline (a row of the `records` table).
public struct LedgerRecord: Sendable, Equatable {
    public var id: Int64
    /// Staged resource name, e.g. `requisitions`.
    public var resource: String
    public var companyID: Int64
    public var projectID: Int64?
    /// The Procore id.
    public var sourceID: Int64
    /// The source version: Procore's `updated_at` ...
    public var sourceUpdatedAt: String?
    /// ... and the sha256 of the staged raw JSON.
    public var contentSHA256: String
    public var state: RecordState
    /// The Sage key once posted (invoice number, PO number, …).
    public var targetKey: String?
    /// Sent to the agent with the posting so a repeat is recognised.
    public var idempotencyKey: String
    /// Every error this record met, oldest first.
    public var errors: [String]
    public var runID: RunID?
    public var batchID: String?
    public var createdAt: String
    public var updatedAt: String
    /// What it holds back while invalid (nil otherwise).
    public var hold: RecordHold? = nil
    /// When its source record was first refused (invalid or rejected), in this version or an
    /// earlier one; nil when it never was.
    public var heldSince: String? = nil
    /// sha256 of the document it was batched as (its agent import record); nil before it was
    /// batched, or batched by a version without the column.
    public var documentSHA256: String? = nil

    /// The deterministic idempotency key of a source version: same record, same content, same key.
    public static func idempotencyKey(resource: String, sourceID: Int64, contentSHA256: String) -> String {
        "\(resource):\(sourceID):\(contentSHA256.prefix(16))"
    }
}

/// What the pipeline knows about a new source version when it enters the ledger.
public struct NewLedgerRecord: Sendable, Equatable {
    public var resource: String
    public var companyID: Int64
    public var projectID: Int64?
    public var sourceID: Int64
    public var sourceUpdatedAt: String?
    public var contentSHA256: String
    public var runID: RunID?
    /// Defaults to ``LedgerRecord/idempotencyKey(resource:sourceID:contentSHA256:)``.
    public var idempotencyKey: String

    public init(resource: String, companyID: Int64, projectID: Int64?, sourceID: Int64,
                sourceUpdatedAt: String?, contentSHA256: String, runID: RunID? = nil, idempotencyKey: String? = nil) {
        self.resource = resource
        self.companyID = companyID
        self.projectID = projectID
        self.sourceID = sourceID
        self.sourceUpdatedAt = sourceUpdatedAt
        self.contentSHA256 = contentSHA256
        self.runID = runID
        self.idempotencyKey = idempotencyKey
            ?? LedgerRecord.idempotencyKey(resource: resource, sourceID: sourceID, contentSHA256: contentSHA256)
    }
}

/// One row of the append-only audit trail.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var runID: RunID?
    /// Who acted: `ml-connector`, or a person's name for manual actions.
    public var actor: String
    /// What happened, e.g. `record.state`, `run.begin`, `identity.put`.
    public var action: String
    /// What it happened to, e.g. `record:42`, `run:20261129T004000Z-ab12`.
    public var subject: String
    public var detailJSON: String?
}
