/// How new Sage vendor numbers are made: `prefix` + a `width`-digit number, e.g. `P` + 6 ->
/// `P000123`. Prefix plus width is at most 7 characters (Sage `VendorNo`).
public struct VendorNumberScheme: SageNumberScheme {
    public static let maxLength = 7
    public static let field = "VendorNo"
    public static let noun = "vendor numbers"

    public var prefix: String
    public var width: Int

    /// Checks the lengths and characters; the problem text reads after the field name.
    public init(prefix: String, width: Int) throws(AccountTemplateProblem) {
        try Self.check(prefix: prefix, width: width)
        self.prefix = prefix
        self.width = width
    }
}
