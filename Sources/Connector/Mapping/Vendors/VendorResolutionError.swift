/// Why a Procore vendor has no Sage vendor number, with what to do about it.
public enum VendorResolutionError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Nothing identifies the vendor and `create_missing` is false.
    case notMapped(vendor: String, originID: String?, division: String)
    /// `mapping.vendors.table` names a vendor number Sage does not have.
    case tableVendorNotInSage(vendor: String, procoreID: Int64, vendorNo: String, division: String)
    /// The ledger paired the vendor with one number, origin_id or the table now say another.
    case identityConflict(vendor: String, recorded: String, found: String, source: VendorMatchSource)
    /// The Sage vendor number is already paired with another Procore vendor.
    case vendorNoTaken(vendor: String, vendorNo: String, otherProcoreID: Int64, source: VendorMatchSource)
    /// No free number was found in the scheme.
    case numberSpaceFull(vendor: String, range: String, tries: Int)
    /// The identity map could not be read.
    case lookupFailed(vendor: String, reason: String)

    public var description: String {
        switch self {
        case .notMapped(let vendor, let originID, let division):
            let origin = originID.map { "its origin_id '\(SafeText.shown($0))' is not a Sage vendor in division \(division)" }
                ?? "it has no origin_id"
            return "\(vendor) has no Sage vendor: \(origin), it is not in mapping.vendors.table, and mapping.vendors.create_missing is false; "
                + "add it to mapping.vendors.table or set create_missing: true"
        case .tableVendorNotInSage(let vendor, let id, let vendorNo, let division):
            return "\(vendor): mapping.vendors.table maps it to \(vendorNo), which is not in Sage 100's vendor list for division \(division); "
                + "create vendor \(vendorNo) in Sage 100 or fix mapping.vendors.table.\"\(id)\", then refresh the reference data"
        case .identityConflict(let vendor, let recorded, let found, let source):
            return "\(vendor) was paired with Sage vendor \(recorded) by an earlier run, but its \(source == .table ? "mapping.vendors.table entry" : "origin_id") now says \(found); "
                + "correct the \(source == .table ? "table" : "origin_id in Procore") or remove the old pairing from the ledger"
        case .vendorNoTaken(let vendor, let vendorNo, let other, let source):
            return "\(vendor): \(source == .table ? "mapping.vendors.table" : "origin_id") points to Sage vendor \(vendorNo), which is already paired with Procore vendor \(other); "
                + "two Procore vendors cannot share one Sage vendor: merge them in Procore or map one of them elsewhere"
        case .numberSpaceFull(let vendor, let range, let tries):
            return "\(vendor): no free vendor number in \(range) after \(tries) tries; widen mapping.vendors.number_scheme.width or change the prefix"
        case .lookupFailed(let vendor, let reason):
            return "\(vendor): the identity map could not be read (\(reason)); check the ledger file and run again"
        }
    }
}
