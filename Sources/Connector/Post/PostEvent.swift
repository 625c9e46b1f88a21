import Ledger
import Sage100

/// Progress of a post, for the command line. Events arrive in order from the posting task.
public enum PostEvent: Sendable {
    /// Records left in `posting` by a dead process were found and moved to `uncertain`.
    case recovered(records: Int)
    /// `records` uncertain records are being settled with the agent.
    case settling(records: Int)
    /// One uncertain record settled: found in Sage (now posted) or not (sent again).
    case settled(idempotencyKey: String, found: Bool, sageKey: String?)
    /// A batch starts: `sending` records go out, `waiting` wait for another kind.
    case batchStarted(batchID: String, kind: SageDocumentKind, sending: Int, waiting: Int)
    /// A batch was not posted (other company, unknown kind, broken files).
    case batchSkipped(batchID: String, reason: String)
    /// A record waits for a record of an earlier kind (e.g. its vendor) to be posted.
    case waiting(idempotencyKey: String, reason: String)
    /// What the agent client reports while it posts (sending, lock backoff, 423 waits, …).
    case agent(batchID: String, SageAgentEvent)
    /// A record's answer is in the ledger.
    case recordFinished(batchID: String, idempotencyKey: String, state: RecordState, sageKey: String?)
    /// A batch is done for this run.
    case batchFinished(batchID: String, state: LedgerBatchState)
    /// The post stopped before the end (agent unreachable, settlement impossible, …).
    case stopped(reason: String)
}
