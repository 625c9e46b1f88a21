import Foundation

/// Open records of one state that share a root cause (``RecordCause``, following each record's
/// `blocked_by` to the record at the start of the chain): how many, how many more they block,
/// since when the oldest was first refused, and the dollars those with a known amount hold back.
public struct CauseCount: Sendable, Equatable {
    public var cause: String
    /// Records refused for this cause.
    public var count: Int
    /// Records refused only because one of those was (a payment of a refused requisition).
    public var blocked: Int = 0
    /// When the first of them was refused (ISO 8601 UTC), when the ledger knows.
    public var since: String?
    /// Sum of the held amounts of the records that have one.
    public var heldAmount: Decimal
    public var recordsWithAmount: Int
}
