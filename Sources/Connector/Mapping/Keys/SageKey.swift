/// Where an allocated Sage key came from.
public enum SageKeySource: String, Sendable, Hashable, Codable {
    /// An earlier run recorded it in the identity map.
    case identityMap = "identity_map"
    /// Procore's own number (commitment number, requisition invoice number) fitted as is.
    case procoreNumber = "procore_number"
    /// The connector's scheme (Procore's number did not fit or was taken).
    case scheme
}

/// A Sage document key chosen for a Procore object.
public struct SageKey: Sendable, Hashable, Codable {
    /// The key value (`PurchaseOrderNo` or `InvoiceNo`).
    public var value: String
    public var source: SageKeySource
    /// Why, in words, for the audit trail.
    public var reason: String
}

/// Why no Sage key could be chosen, with what to do about it.
public enum SageKeyError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The identity map could not be read.
    case lookupFailed(subject: String, reason: String)
    /// Every number the scheme tried was taken.
    case spaceFull(subject: String, tries: Int)
    /// The requisition was given an invoice number under another vendor by an earlier run.
    case vendorChanged(subject: String, recordedKey: String, vendorKey: String)
    /// The vendor number or division given is not a Sage key.
    case invalidVendor(subject: String, problem: String)

    public var description: String {
        switch self {
        case .lookupFailed(let subject, let reason):
            return "\(subject): the identity map could not be read (\(reason)); check the ledger file and run again"
        case .spaceFull(let subject, let tries):
            return "\(subject): no free number after \(tries) tries; this should not happen, report it with the ledger file"
        case .vendorChanged(let subject, let recordedKey, let vendorKey):
            return "\(subject) was recorded in Sage under key \(recordedKey), but its vendor is now \(vendorKey); "
                + "the invoice cannot move to another vendor automatically: void it in Sage 100 and remove the old pairing from the ledger, or restore the vendor in Procore"
        case .invalidVendor(let subject, let problem):
            return "\(subject): \(problem)"
        }
    }
}
