/// Where a source record is in its life through the pipeline.
///
/// ```
/// staged -> valid | invalid
/// valid -> batched            invalid -> valid (corrected)
/// batched -> posting | valid (batch dropped before sending)
/// posting -> posted | rejected | uncertain
/// uncertain -> posted | rejected | posting (settled: the agent never saw it, send again)
/// rejected -> valid (corrected)
/// posted -> drift (the source changed after posting; a person decides)
/// staged, valid, invalid, rejected, drift -> superseded (a newer version of the record took over)
/// ```
/// ``canMove(to:)`` is the only place these rules live; the ledger refuses any other move.
public enum RecordState: String, Sendable, Codable, CaseIterable {
    /// Pulled from Procore and written to staging; not checked yet.
    case staged
    /// Passed validation and mapping; ready to go into a batch.
    case valid
    /// Failed validation or mapping; its errors say why. Waits for a correction.
    case invalid
    /// Written into an outbox batch, not sent yet.
    case batched
    /// Sent to the agent; no answer recorded yet.
    case posting
    /// Sage accepted it; the record carries its Sage key.
    case posted
    /// Sage refused it; its errors carry Sage's message. Waits for a correction.
    case rejected
    /// The send's outcome is unknown (timeout, crash): settle with the agent before sending again.
    case uncertain
    /// Changed in Procore after it was posted; never re-posted silently.
    case drift
    /// A newer version of the same source record replaced this one.
    case superseded

    /// The states this state may move to.
    public var allowedNextStates: Set<RecordState> {
        switch self {
        case .staged: return [.valid, .invalid, .superseded]
        case .valid: return [.batched, .invalid, .superseded]
        case .invalid: return [.valid, .superseded]
        case .batched: return [.posting, .valid]
        // Back to `batched` when the agent answered that nothing was written (a record lock
        // that outlasted the retries, a module locked by period end): it is simply sent again.
        case .posting: return [.posted, .rejected, .uncertain, .batched]
        case .uncertain: return [.posted, .rejected, .posting]
        case .rejected: return [.valid, .superseded]
        case .posted: return [.drift]
        case .drift: return [.superseded]
        case .superseded: return []
        }
    }

    /// True when a record in this state may move to `next`.
    public func canMove(to next: RecordState) -> Bool {
        allowedNextStates.contains(next)
    }

    /// True for states a record never leaves.
    public var isTerminal: Bool { allowedNextStates.isEmpty }
}
