/// The state of one post in progress.
struct SageAgentPostRun {
    /// Lost answers in a row (each settled) before the post stops.
    static let maxConsecutiveLost = 4
    /// Tries of one settlement lookup.
    static let settlementAttempts = 4

    enum LastAnswer { case none, locked, notSent }

    struct RecordState {
        var attempts = 0
        var messages: [RecordMessage] = []
        var lastAnswer = LastAnswer.none
        var settledByLookup = false
        var final: SagePostRecordOutcome?
    }

    let kind: SageDocumentKind
    let batchID: String
    let order: [String]
    let records: [String: ImportRecord]
    let onEvent: (@Sendable (SageAgentEvent) -> Void)?
    var state: [String: RecordState] = [:]
    var outcome: SagePostOutcome
    var moduleLockWaited: Duration = .zero
    var consecutiveLost = 0
    var justFinished: [SagePostRecordOutcome] = []

    init(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
         onEvent: (@Sendable (SageAgentEvent) -> Void)?) {
        self.kind = kind
        self.batchID = batchID
        self.order = records.map(\.idempotencyKey)
        self.records = Dictionary(uniqueKeysWithValues: records.map { ($0.idempotencyKey, $0) })
        self.onEvent = onEvent
        self.outcome = SagePostOutcome(kind: kind, batchID: batchID, records: [])
        for key in order { state[key] = RecordState() }
    }

    mutating func finish(_ key: String, _ status: SagePostStatus, sageKey: String?, messages: [RecordMessage]) {
        guard var s = state[key], s.final == nil else { return }
        if status == .posted || status == .duplicate || status == .rejected { consecutiveLost = 0 }
        let outcome = SagePostRecordOutcome(idempotencyKey: key, status: status, sageKey: sageKey, messages: messages,
                                            attempts: s.attempts, settledByLookup: s.settledByLookup)
        s.final = outcome
        state[key] = s
        if onEvent != nil { justFinished.append(outcome) }
    }

    /// Reports records that reached their final status since the last call.
    mutating func flushFinished() {
        guard let onEvent, !justFinished.isEmpty else { return }
        onEvent(.finished(justFinished))
        justFinished.removeAll()
    }

    mutating func reportProgress(pendingExtra: Int) {
        flushFinished()
        guard let onEvent else { return }
        var p = SagePostProgress(total: order.count, posted: 0, duplicate: 0, rejected: 0, pending: 0)
        for key in order {
            switch state[key]!.final?.status {
            case .posted?: p.posted += 1
            case .duplicate?: p.duplicate += 1
            case .rejected?: p.rejected += 1
            default: if state[key]!.lastAnswer != .none { p.pending += 1 }
            }
        }
        onEvent(.progress(p))
    }

    /// Gives every record without a final status one: `locked` when Sage last said so,
    /// otherwise `notSent`.
    mutating func stop() {
        for key in order where state[key]!.final == nil {
            let s = state[key]!
            switch s.lastAnswer {
            case .locked: finish(key, .locked, sageKey: nil, messages: s.messages)
            case .none, .notSent: finish(key, .notSent, sageKey: nil, messages: s.messages)
            }
        }
    }

    /// True when no record got an answer from Sage (all `notSent`): nothing was written.
    var nothingAnswered: Bool {
        order.allSatisfy { state[$0]!.final?.status == .notSent && state[$0]!.lastAnswer == .none }
    }

    /// The outcome with every record final (records still pending become `locked`/`notSent`).
    mutating func finishedOutcome() -> SagePostOutcome {
        stop()
        flushFinished()
        outcome.records = order.map { state[$0]!.final! }
        return outcome
    }
}
