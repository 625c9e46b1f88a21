/// The result of one ``SageAgentClient/post(kind:batchID:records:onEvent:)``: every record's
/// final status in input order, plus counters that show how hard the post had to work.
public struct SagePostOutcome: Sendable, Equatable {
    public var kind: SageDocumentKind
    public var batchID: String
    /// One entry per input record, in input order.
    public var records: [SagePostRecordOutcome]
    /// Import requests sent (every chunk, every retry).
    public var attempts: Int
    /// Records resent because Sage answered `locked`.
    public var lockRetries: Int
    /// Times the whole module was locked (423) and the post waited for `Retry-After`.
    public var moduleLockWaits: Int
    /// Records whose lost answer was settled by the `/postings` lookup (found or not).
    public var settled: Int
    /// Wall time of the post, waiting for the company's writer lock included.
    public var elapsed: Duration

    public init(kind: SageDocumentKind, batchID: String, records: [SagePostRecordOutcome], attempts: Int = 0,
                lockRetries: Int = 0, moduleLockWaits: Int = 0, settled: Int = 0, elapsed: Duration = .zero) {
        self.kind = kind
        self.batchID = batchID
        self.records = records
        self.attempts = attempts
        self.lockRetries = lockRetries
        self.moduleLockWaits = moduleLockWaits
        self.settled = settled
        self.elapsed = elapsed
    }

    /// The outcome of the record with `idempotencyKey`.
    public subscript(idempotencyKey: String) -> SagePostRecordOutcome? {
        records.first { $0.idempotencyKey == idempotencyKey }
    }

    /// Records per final status.
    public var counts: Counts {
        var c = Counts()
        for record in records {
            switch record.status {
            case .posted: c.posted += 1
            case .duplicate: c.duplicate += 1
            case .rejected: c.rejected += 1
            case .locked: c.locked += 1
            case .uncertain: c.uncertain += 1
            case .notSent: c.notSent += 1
            }
        }
        return c
    }

    /// True when every record is in Sage (posted or duplicate).
    public var allInSage: Bool { records.allSatisfy { $0.status.isInSage } }

    /// Records that need a person or a later run: rejected, locked, uncertain or not sent.
    public var needsAttention: [SagePostRecordOutcome] { records.filter { !$0.status.isInSage } }

    /// Number of records per ``SagePostStatus``.
    public struct Counts: Sendable, Equatable {
        public var posted = 0, duplicate = 0, rejected = 0, locked = 0, uncertain = 0, notSent = 0
        public init() {}
        public var total: Int { posted + duplicate + rejected + locked + uncertain + notSent }
    }
}

/// The outcome of a post (short name used by the pipeline).
public typealias PostOutcome = SagePostOutcome
