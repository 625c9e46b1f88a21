/// How new Sage customer numbers are made: `prefix` + a `width`-digit number taken from the
/// Procore project id (mod 10^width), e.g. `OWN` + 6 -> `OWN001001`. Prefix plus width is at
/// most 20 characters (Sage `CustomerNo`).
public struct CustomerNumberScheme: SageNumberScheme {
    public static let maxLength = 20
    public static let field = "CustomerNo"
    public static let noun = "customer numbers"

    public var prefix: String
    public var width: Int

    /// Checks the lengths and characters; the problem text reads after the field name.
    public init(prefix: String, width: Int) throws(AccountTemplateProblem) {
        try Self.check(prefix: prefix, width: width)
        self.prefix = prefix
        self.width = width
    }
}
