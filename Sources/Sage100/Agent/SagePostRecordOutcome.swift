/// What happened to one record of a post.
public struct SagePostRecordOutcome: Sendable, Equatable {
    public var idempotencyKey: String
    public var status: SagePostStatus
    /// The Sage key of the document (posted or duplicate), e.g. "00-0001234-INV-10".
    public var sageKey: String?
    /// Sage's messages (rejection reasons naming the field, "Record/file busy", …).
    public var messages: [RecordMessage]
    /// How many import requests carried this record.
    public var attempts: Int
    /// True when the status came from the `/postings` lookup after a lost answer.
    public var settledByLookup: Bool

    public init(idempotencyKey: String, status: SagePostStatus, sageKey: String? = nil,
                messages: [RecordMessage] = [], attempts: Int = 0, settledByLookup: Bool = false) {
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.sageKey = sageKey
        self.messages = messages
        self.attempts = attempts
        self.settledByLookup = settledByLookup
    }
}
