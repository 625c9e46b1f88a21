/// How new Sage customer numbers are made: `prefix` + a `width`-digit number taken from the
/// Procore project id (mod 10^width), e.g. `OWN` + 6 -> `OWN001001`. Prefix plus width is at
/// most 20 characters (Sage `CustomerNo`).
public typealias CustomerNumberScheme = SageNumberScheme<CustomerNumbers>

/// Sage `CustomerNo`.
public enum CustomerNumbers: SageNumberField {
    public static let maxLength = 20
    public static let field = "CustomerNo"
    public static let noun = "customer numbers"
}
