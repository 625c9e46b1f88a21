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

    public init(allOrNothing: Bool = false, vendorNamePolicy: VendorNamePolicy = .reject,
                approvalRequired: Bool = false, today: Date = Date()) {
        self.allOrNothing = allOrNothing
        self.vendorNamePolicy = vendorNamePolicy
        self.approvalRequired = approvalRequired
        self.today = today
    }
}
