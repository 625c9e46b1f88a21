/// One segment of a GL account structure.
public struct AccountSegment: Sendable, Hashable {
    /// What a segment may hold.
    public enum Kind: String, Sendable, Hashable {
        /// Digits only (`#` in the mask); zero-filled on the left.
        case numeric
        /// Letters and digits (`A` in the mask); stored upper case.
        case alphanumeric
    }

    /// Characters in the segment.
    public let length: Int
    /// Numeric or alphanumeric.
    public let kind: Kind
    /// Separator written after this segment (nil for the last one).
    public let separator: Character?

    public init(length: Int, kind: Kind, separator: Character?) {
        self.length = length
        self.kind = kind
        self.separator = separator
    }

    /// The segment's mask text, e.g. `##` or `AA`.
    public var mask: String { String(repeating: kind == .numeric ? "#" : "A", count: length) }
}
