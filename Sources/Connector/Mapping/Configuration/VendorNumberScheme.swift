/// How new Sage vendor numbers are made: `prefix` + a `width`-digit number, e.g. `P` + 6 ->
/// `P000123`. Prefix plus width is at most 7 characters (Sage `VendorNo`).
public typealias VendorNumberScheme = SageNumberScheme<VendorNumbers>

/// Sage `VendorNo`.
public enum VendorNumbers: SageNumberField {
    public static let maxLength = 7
    public static let field = "VendorNo"
    public static let noun = "vendor numbers"
}
