import HTTP

/// Progress of a post, reported to the hook passed to ``SageAgentClient/post(kind:batchID:records:onEvent:)``
/// so the command line can show it. Events arrive in order, from the posting task.
public enum SageAgentEvent: Sendable {
    /// Waiting for another post to the same company to finish (one writer per company).
    case waitingForWriter(company: String)
    /// An import request is going out with `records` records; `round` is 0 for first sends,
    /// n for the n-th retry round of locked records.
    case sending(kind: SageDocumentKind, records: Int, round: Int)
    /// Records have reached a final status: `done` of `total`.
    case progress(SagePostProgress)
    /// These records reached their final status (posted, duplicate, rejected; and at the end
    /// locked, uncertain or not sent), so a caller can record them as they come.
    case finished([SagePostRecordOutcome])
    /// `records` records answered `locked`; waiting `delay` before resending them.
    case backingOff(records: Int, retry: Int, delay: Duration)
    /// The whole module answered 423; waiting `delay` (from `Retry-After`) before trying again.
    case moduleLocked(delay: Duration, waitedSoFar: Duration)
    /// The answer to a request carrying `records` records was lost; settling each via `/postings`.
    case outcomeUnknown(records: Int, reason: String)
    /// One lost record settled: found in Sage (`sageKey`) or not (it will be resent).
    case settled(idempotencyKey: String, found: Bool, sageKey: String?)
}
