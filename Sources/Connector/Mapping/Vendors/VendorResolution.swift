import Sage100

/// How a Procore vendor was matched to a Sage vendor number.
public enum VendorMatchSource: String, Sendable, Hashable, Codable {
    /// The vendor's `origin_id` names an existing Sage vendor.
    case originID = "origin_id"
    /// `mapping.vendors.table`.
    case table
    /// An earlier run paired them (ledger identity map).
    case identityMap = "identity_map"
    /// A new number from `mapping.vendors.number_scheme`.
    case allocated
}

/// A Procore vendor's Sage vendor.
public struct VendorResolution: Sendable, Hashable, Codable {
    public var procoreVendorID: Int64
    /// Sage `APDivisionNo`.
    public var apDivisionNo: String
    /// Sage `VendorNo`.
    public var vendorNo: String
    /// How it was found.
    public var source: VendorMatchSource
    /// Whether Sage's vendor list already has it; false means the vendor must be created.
    public var existsInSage: Bool
    /// Anything worth telling a person (e.g. an `origin_id` that was ignored).
    public var note: String?

    /// The identity map's key (``SageDocumentKey/vendor(division:vendorNo:)``, as `APVendor.sageKey`).
    public var sageKey: String { SageDocumentKey.vendor(division: apDivisionNo, vendorNo: vendorNo) }
}
