import Foundation

/// What an invalid record holds back, recorded when it is refused: the record that blocks it
/// (when it fails only because another record failed), the amount Sage would have been sent,
/// and the vendor and job it belongs to, so the report can show each held dollar by root cause.
public struct RecordHold: Sendable, Equatable, Hashable {
    /// Lookup key of the record it waits for (``Ledger/lookupKey(resource:id:)``), e.g.
    /// `requisitions:5000000009` for a payment whose requisition is invalid.
    public var blockedBy: String?
    /// The document's amount (an AP invoice's net payable, a purchase order's total, a check's
    /// amount), when the source gives one.
    public var amount: Decimal?
    public var vendorName: String?
    public var jobNo: String?
    /// What a person can fill in to release it (the connector's fix hints as JSON).
    public var fixJSON: String?

    public init(blockedBy: String? = nil, amount: Decimal? = nil, vendorName: String? = nil, jobNo: String? = nil,
                fixJSON: String? = nil) {
        self.blockedBy = blockedBy
        self.amount = amount
        self.vendorName = vendorName
        self.jobNo = jobNo
        self.fixJSON = fixJSON
    }

    public var isEmpty: Bool { blockedBy == nil && amount == nil && vendorName == nil && jobNo == nil && fixJSON == nil }
}
