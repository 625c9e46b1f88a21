/// What a post did, as printed by `ml-connector post --json` and stored with the run.
public struct PostSummary: Sendable, Codable, Equatable {
    public var runID: String
    /// The Sage company code posted to.
    public var company: String
    public var startedAt: String
    public var finishedAt: String
    public var durationMilliseconds: Int
    /// Records found in `posting` at start (a previous process died mid-send), now settled.
    public var recovered: Int
    /// Uncertain records settled with the agent's `/postings` lookup (at start and during the post).
    public var settled: Int
    /// Of those settled at start, the ones found in Sage (now posted without a resend).
    public var settledFound: Int
    /// Per Sage document kind, in posting order (kinds with nothing to do are left out).
    public var kinds: [PostKindSummary]
    /// Every batch looked at, in posting order.
    public var batches: [PostBatchSummary]
    /// Records Sage refused, with its reasons (field named, and the fix).
    public var rejected: [PostRecordIssue]
    /// Records not sent because a record of an earlier kind is not in Sage yet.
    public var waiting: [PostRecordIssue]
    /// Records whose outcome is not known yet, or that Sage kept locked: the next run settles
    /// each with the agent and sends it again only when Sage does not have it.
    public var uncertain: [PostRecordIssue]
    /// Batches not posted and why.
    public var skipped: [PostBatchSkip]
    /// Why the post stopped early, if it did.
    public var stopped: String?

    public init(runID: String, company: String, startedAt: String) {
        self.runID = runID
        self.company = company
        self.startedAt = startedAt
        finishedAt = startedAt
        durationMilliseconds = 0
        recovered = 0
        settled = 0
        settledFound = 0
        kinds = []
        batches = []
        rejected = []
        waiting = []
        uncertain = []
        skipped = []
        stopped = nil
    }

    /// Records posted (new or duplicate) across kinds.
    public var postedCount: Int { kinds.reduce(0) { $0 + $1.posted + $1.duplicate } }

    /// True when something needs a person or a later run (exit code 4).
    public var needsAttention: Bool {
        !rejected.isEmpty || !waiting.isEmpty || !uncertain.isEmpty || !skipped.isEmpty
    }

    /// The process exit code (docs/pipeline.md): 1 when the post stopped early, 4 when records
    /// need a person or a later run, 0 otherwise.
    public var exitCode: Int32 { exitStatus.rawValue }

    /// ``exitCode`` as an ``ExitStatus``.
    public var exitStatus: ExitStatus {
        if stopped != nil { return .fatal }
        return needsAttention ? .needsPerson : .done
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", company, startedAt = "started_at", finishedAt = "finished_at"
        case durationMilliseconds = "duration_ms", recovered, settled, settledFound = "settled_found"
        case kinds, batches, rejected, waiting, uncertain, skipped, stopped
    }
}

/// Counters of one Sage document kind.
public struct PostKindSummary: Sendable, Codable, Equatable {
    /// `vendors`, `purchase-orders`, `ap-invoices`, `gl-entries`, `manual-checks`.
    public var kind: String
    /// Written to Sage by this post.
    public var posted = 0
    /// Already in Sage under the same idempotency key (a resend after a crash): nothing written.
    public var duplicate = 0
    public var rejected = 0
    /// Outcome unknown after the post (settled by the next run).
    public var uncertain = 0
    /// Still record-locked after the client's retries (sent again by the next run).
    public var locked = 0
    /// Not sent: waits for a record of an earlier kind.
    public var waiting = 0
    /// Records resent because Sage answered `locked`.
    public var lockRetries = 0
    /// Times the whole module was locked (423) and the post waited.
    public var moduleLockWaits = 0
    /// Lost answers settled through `/postings` by the agent client.
    public var settled = 0
    /// Import requests sent.
    public var requests = 0
    public var durationMilliseconds = 0

    public init(kind: String) { self.kind = kind }

    enum CodingKeys: String, CodingKey {
        case kind, posted, duplicate, rejected, uncertain, locked, waiting
        case lockRetries = "lock_retries", moduleLockWaits = "module_lock_waits", settled, requests
        case durationMilliseconds = "duration_ms"
    }
}

/// One batch as this post left it.
public struct PostBatchSummary: Sendable, Codable, Equatable {
    public var id: String
    public var kind: String
    /// The batch state after this post (`posted`, `partial`, `posting` when stopped).
    public var state: String
    /// Records sent by this post.
    public var sent: Int
    /// Records of the batch in Sage after this post.
    public var inSage: Int
    /// Live records of the batch.
    public var records: Int

    enum CodingKeys: String, CodingKey { case id, kind, state, sent, inSage = "in_sage", records }
}

/// A record that needs a person or a later run, and why.
public struct PostRecordIssue: Sendable, Codable, Equatable {
    public var recordID: Int64
    public var idempotencyKey: String
    public var batchID: String?
    public var kind: String
    /// The Procore resource and id the record came from.
    public var resource: String
    public var sourceID: Int64
    /// Each reason names the record, the Sage field (when Sage named one) and the fix.
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case recordID = "record_id", idempotencyKey = "idempotency_key", batchID = "batch_id", kind, resource
        case sourceID = "source_id", reasons
    }
}

/// A batch `post` did not send, and why.
public struct PostBatchSkip: Sendable, Codable, Equatable {
    public var batchID: String
    public var reason: String

    enum CodingKeys: String, CodingKey { case batchID = "batch_id", reason }
}
