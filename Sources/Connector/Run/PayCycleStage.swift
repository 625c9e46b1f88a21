/// The stages of a pay cycle, in the order ``PayCycle/run()`` takes them.
public enum PayCycleStage: String, Sendable, Codable, CaseIterable {
    /// `inbox/` -> corrections staged, mapping rows applied, approvals recorded.
    case replay
    /// Procore -> `staging/<run-id>/`.
    case pull
    /// Sage account structure, GL accounts and vendors -> the ledger's reference cache.
    case reference
    /// staging -> ledger records -> outbox batches.
    case transform
    /// outbox batches -> the Sage 100 agent.
    case post
    /// Sage 100 checks -> Procore contract payments (with `mapping.payments: sage`).
    case exchange
    /// agent read-back -> `outbox/<run>/reconciliation.{html,csv,json}`.
    case reconcile
}

/// How one stage ended.
public struct PayCycleStageResult: Sendable, Codable, Equatable {
    /// `ok`, `attention` (something needs a person), `partial` (pull), `skipped` or `failed`.
    public var status: String
    /// One line for the terminal: what happened, or why it failed and what to do.
    public var message: String
    /// Wall time of the stage, in seconds (nil for a stage that did not run).
    public var seconds: Double?

    public init(status: String, message: String, seconds: Double? = nil) {
        self.status = status
        self.message = message
        self.seconds = seconds
    }
}

/// What a pay cycle reports while it runs (for the terminal).
public enum PayCycleEvent: Sendable {
    case stageStarted(PayCycleStage)
    case stageFinished(PayCycleStage, PayCycleStageResult)
    /// Progress of the post stage (batches and records).
    case post(PostEvent)
}
