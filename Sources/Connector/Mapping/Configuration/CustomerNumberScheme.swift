/// How new Sage customer numbers are made: `prefix` + a `width`-digit number taken from the
/// Procore project id (mod 10^width), e.g. `OWN` + 6 -> `OWN001001`. Prefix plus width is at
/// most 20 characters (Sage `CustomerNo`).
public struct CustomerNumberScheme: Sendable, Hashable, Codable {
    /// Sage `CustomerNo` length.
    public static let maxLength = 20

    /// Upper-case letters and digits.
    public var prefix: String
    /// Digits after the prefix (1 or more).
    public var width: Int

    /// Checks the lengths and characters; the problem text reads after the field name.
    public init(prefix: String, width: Int) throws(AccountTemplateProblem) {
        guard prefix.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw AccountTemplateProblem("'\(SafeText.shown(prefix))' may hold only upper-case letters and digits")
        }
        guard (1...18).contains(width) else {
            throw AccountTemplateProblem("width \(width) must be 1 to 18")
        }
        guard prefix.count + width <= CustomerNumberScheme.maxLength else {
            throw AccountTemplateProblem("prefix '\(prefix)' plus width \(width) makes \(prefix.count + width)-character customer numbers; "
                + "Sage 100 CustomerNo holds \(CustomerNumberScheme.maxLength)")
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

    /// The customer number for slot `n` (0 ..< capacity).
    public func number(_ n: Int64) -> String {
        let digits = String(n)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
