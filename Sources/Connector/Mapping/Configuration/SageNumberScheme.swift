/// A Sage number field the connector allocates new numbers in.
public protocol SageNumberField: Sendable {
    /// The Sage field's length.
    static var maxLength: Int { get }
    /// The Sage field, for messages (`VendorNo`).
    static var field: String { get }
    /// What the numbers are, for messages (`vendor numbers`).
    static var noun: String { get }
}

/// A scheme for new Sage numbers: `prefix` + a `width`-digit number, within the Sage field's
/// length. ``VendorNumberScheme`` (VendorNo) and ``CustomerNumberScheme`` (CustomerNo) are it.
public struct SageNumberScheme<Field: SageNumberField>: Sendable, Hashable, Codable {
    /// Upper-case letters and digits.
    public var prefix: String
    /// Digits after the prefix (1 or more).
    public var width: Int

    /// Checks the lengths and characters; the problem text reads after the field name.
    public init(prefix: String, width: Int) throws(AccountTemplateProblem) {
        try Self.check(prefix: prefix, width: width)
        self.prefix = prefix
        self.width = width
    }

    public static var maxLength: Int { Field.maxLength }
    public static var field: String { Field.field }
    public static var noun: String { Field.noun }
}

extension SageNumberScheme {
    /// Checks a prefix and width for this scheme; the problem text reads after the field name.
    static func check(prefix: String, width: Int) throws(AccountTemplateProblem) {
        guard prefix.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw AccountTemplateProblem("'\(SafeText.shown(prefix))' may hold only upper-case letters and digits")
        }
        // 10^18 still fits in Int64.
        guard (1...18).contains(width) else {
            throw AccountTemplateProblem("width \(width) must be 1 to 18")
        }
        guard prefix.count + width <= maxLength else {
            throw AccountTemplateProblem("prefix '\(prefix)' plus width \(width) makes \(prefix.count + width)-character \(noun); "
                + "Sage 100 \(field) holds \(maxLength)")
        }
    }

    /// How many numbers the scheme can make (10^width).
    public var capacity: Int64 {
        var value: Int64 = 1
        for _ in 0..<width { value *= 10 }
        return value
    }

    /// The number for slot `n` (0 ..< capacity).
    public func number(_ n: Int64) -> String {
        let digits = String(n)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The first and last numbers, for messages ("P000000-P999999").
    public var rangeText: String { "\(number(0))-\(number(capacity - 1))" }
}
