/// Why a mask or an account number does not fit the account structure.
public enum AccountStructureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mask itself is not a valid Sage 100 account structure.
    case invalidMask(mask: String, reason: String)
    /// The account has the wrong number of segments.
    case segmentCount(account: String, found: Int, expected: Int, mask: String)
    /// One segment does not fit (wrong length or characters). `segment` is 1-based.
    case invalidSegment(account: String, segment: Int, value: String, reason: String)

    public var description: String {
        switch self {
        case .invalidMask(let mask, let reason):
            return "account structure '\(mask)' is not valid: \(reason)"
        case .segmentCount(let account, let found, let expected, let mask):
            return "account '\(account)' has \(found) segment\(found == 1 ? "" : "s"); the structure \(mask) has \(expected)"
        case .invalidSegment(let account, let segment, let value, let reason):
            return "account '\(account)': segment \(segment) '\(value)' \(reason)"
        }
    }
}
