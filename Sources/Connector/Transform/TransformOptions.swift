import Foundation

/// What to do with a Procore vendor name longer than Sage's `VendorName` (30 characters).
public enum VendorNamePolicy: String, Sendable, Codable, CaseIterable {
    /// The vendor becomes invalid until the name is shortened in Procore (or the policy changed).
    case reject
    /// The name is cut to 30 characters and the cut is reported in the summary.
    case truncate
}

/// Choices of one transform.
public struct TransformOptions: Sendable, Equatable {
    /// When any record is invalid, write no batch at all (valid records stay `valid`).
    public var allOrNothing: Bool
    /// Over-long vendor names: reject or truncate (reported).
    public var vendorNamePolicy: VendorNamePolicy
    /// New batches wait for a person (`pending_approval`) instead of being `ready`.
    public var approvalRequired: Bool
    /// The date used when a document has no date of its own (defaults to now, UTC).
    public var today: Date
    /// Most documents in one outbox batch. A kind with more documents is split into several
    /// batches (`<run>-<kind>`, `<run>-<kind>-2`, …), so memory stays flat however big the pay
    /// cycle, and each Sage import stays a size an office can check and re-run. Ignored with
    /// `allOrNothing` (which must see every record before writing any batch).
    public var batchSize: Int

    /// The default ``batchSize``.
    public static let defaultBatchSize = 1000

    public init(allOrNothing: Bool = false, vendorNamePolicy: VendorNamePolicy = .reject,
                approvalRequired: Bool = false, today: Date = Date(), batchSize: Int = TransformOptions.defaultBatchSize) {
        self.allOrNothing = allOrNothing
        self.vendorNamePolicy = vendorNamePolicy
        self.approvalRequired = approvalRequired
        self.today = today
        self.batchSize = max(1, batchSize)
    }
}
