import Sage100

/// How ``Poster`` runs.
public struct PostOptions: Sendable {
    /// The outbox root; a batch without a recorded path is read from `<outboxRoot>/<batch-id>/`.
    public var outboxRoot: String
    /// The `run` this post is a stage of, if any (recorded with the post's run).
    public var parentRun: String?
    /// Records moved to `posting` and sent together (one agent post). Smaller means fewer
    /// records to settle after a crash; nil uses the agent's ``SageAgentConfiguration/maxRecordsPerRequest``.
    public var chunkSize: Int?
    /// Only these batches (nil: every postable batch).
    public var batchIDs: Set<String>?
    /// Check each batch's `<kind>.json` against the sha256 in its `manifest.json` before sending.
    public var verifyManifest: Bool
    /// Who the audit trail names for this post.
    public var actor: String
    /// Called at every durable point of a post (after the ledger committed), for crash tests
    /// and tracing. Must return quickly. An error thrown here stops the post on the spot, with
    /// no further ledger change, as if the process had been killed at that point.
    public var checkpoint: (@Sendable (PostCheckpoint) throws -> Void)?
    /// eBusiness Web Services (settings and password) for `sales-orders` batches; nil leaves
    /// those batches unsent, with the reason in the summary.
    public var ebusiness: EBusinessAccess?

    public init(outboxRoot: String, chunkSize: Int? = nil, batchIDs: Set<String>? = nil, verifyManifest: Bool = true,
                actor: String = "ml-connector", checkpoint: (@Sendable (PostCheckpoint) throws -> Void)? = nil,
                ebusiness: EBusinessAccess? = nil) {
        self.ebusiness = ebusiness
        self.outboxRoot = outboxRoot
        self.chunkSize = chunkSize
        self.batchIDs = batchIDs
        self.verifyManifest = verifyManifest
        self.actor = actor
        self.checkpoint = checkpoint
    }
}

/// A point of a post where the ledger has just committed: killing the process right after
/// any of them leaves a state the next run resolves (see ``Poster``).
public enum PostCheckpoint: Sendable, Equatable {
    /// Records left in `posting` by a dead process were moved to `uncertain`.
    case recovered(records: Int)
    /// One `uncertain` record was settled (`found`: now `posted`; else it is sent again).
    case settled(recordID: Int64, found: Bool)
    /// These records are now `posting` with open attempts; the request is about to go out.
    case markedPosting(batchID: String, recordIDs: [Int64])
    /// The agent answered (or the post stopped) but the answers are not in the ledger yet.
    case answered(batchID: String, recordIDs: [Int64])
    /// The answers of one send are in the ledger.
    case recorded(batchID: String, recordIDs: [Int64])
    /// The batch's state was updated.
    case batchFinished(batchID: String, state: String)
}

/// One step of a post, in the order ``Poster/plan()`` gives them.
public enum PostStep: Sendable, Equatable, CustomStringConvertible {
    /// `posting -> uncertain` for records a dead process left mid-send.
    case recover
    /// Settle every `uncertain` record with the agent's `/postings` lookup.
    case settle
    /// Send the sendable records of one batch.
    case post(batchID: String)

    public var description: String {
        switch self {
        case .recover: return "recover"
        case .settle: return "settle"
        case .post(let id): return "post \(id)"
        }
    }
}
