import Foundation

/// Open records of one state that share a cause (``RecordCause``): how many, since when the
/// oldest was first refused, and the dollars those with a known amount hold back.
public struct CauseCount: Sendable, Equatable {
    public var cause: String
    public var count: Int
    /// When the first of them was refused (ISO 8601 UTC), when the ledger knows.
    public var since: String?
    /// Sum of the held amounts of the records that have one.
    public var heldAmount: Decimal
    public var recordsWithAmount: Int
}
