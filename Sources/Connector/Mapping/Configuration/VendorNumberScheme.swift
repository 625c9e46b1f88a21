/// How new Sage vendor numbers are made: `prefix` + a `width`-digit number, e.g. `P` + 6 ->
/// `P000123`. Prefix plus width is at most 7 characters (Sage `VendorNo`).
public struct VendorNumberScheme: Sendable, Hashable, Codable {
    /// Sage `VendorNo` length.
    public static let maxLength = 7

    /// Upper-case letters and digits.
    public var prefix: String
    /// Digits after the prefix (1 or more).
    public var width: Int

    /// Checks the lengths and characters; the problem text reads after the field name.
    public init(prefix: String, width: Int) throws(AccountTemplateProblem) {
        guard prefix.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw AccountTemplateProblem("'\(SafeText.shown(prefix))' may hold only upper-case letters and digits")
        }
        guard width >= 1 else {
            throw AccountTemplateProblem("width \(width) must be at least 1")
        }
        guard prefix.count + width <= VendorNumberScheme.maxLength else {
            throw AccountTemplateProblem("prefix '\(prefix)' plus width \(width) makes \(prefix.count + width)-character vendor numbers; "
                + "Sage 100 VendorNo holds \(VendorNumberScheme.maxLength)")
        }
        self.prefix = prefix
        self.width = width
    }

    /// How many numbers the scheme can make (10^width).
    public var capacity: Int64 {
        var value: Int64 = 1
        for _ in 0..<width { value *= 10 }
        return value
    }

    /// The vendor number for slot `n` (0 ..< capacity).
    public func number(_ n: Int64) -> String {
        let digits = String(n)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The first and last numbers, for messages ("P000000-P999999").
    public var rangeText: String { "\(number(0))-\(number(capacity - 1))" }
}
