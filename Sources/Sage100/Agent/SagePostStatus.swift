/// The final status of one record after ``SageAgentClient/post(kind:batchID:records:onEvent:)``.
public enum SagePostStatus: String, Sendable, Codable, Equatable, CaseIterable, CustomStringConvertible {
    /// Written to Sage by this post (or, after a lost answer, found written by the settlement lookup).
    case posted
    /// Posted earlier under the same idempotency key; nothing written now. The Sage key is the original.
    case duplicate
    /// Sage refused it (see the messages); nothing written. Fix the record and send again.
    case rejected
    /// Still "Record/file busy" after every allowed attempt; nothing written. Send again later.
    case locked
    /// Sent, the answer was lost, and the settlement lookup failed too. Do not resend before the
    /// agent's `/postings` lookup says it is not there.
    case uncertain
    /// Never reached Sage (the post stopped first, or the lookup proved the lost request wrote
    /// nothing). Safe to send again.
    case notSent = "not_sent"

    /// True when the record is in Sage (posted now or earlier).
    public var isInSage: Bool { self == .posted || self == .duplicate }

    public var description: String { rawValue }
}
