/// `mapping.customers`: which Sage AR customer a project's owner billings go to.
///
/// A project in `table` uses that customer number. Otherwise, with `create_missing`, the
/// project gets `number_scheme.prefix` + its Procore id (mod 10^width, moving on past numbers
/// paired with other projects), recorded in the identity map (resource `customers`), and the
/// customer is created in Sage from the pay app's owner name when Sage does not have it.
public struct CustomerMappingConfiguration: Sendable, Hashable, Codable {
    /// Make a customer number for projects not in the table, and create the customer in Sage.
    public var createMissing: Bool
    /// The scheme for new numbers (required when `createMissing`).
    public var numberScheme: CustomerNumberScheme?
    /// Explicit pairs: Procore project id -> Sage CustomerNo.
    public var table: [Int64: String]
    /// Sage `TermsCode` for customers the connector creates (at most 2 characters).
    public var termsCode: String?

    public init(createMissing: Bool = false, numberScheme: CustomerNumberScheme? = nil, table: [Int64: String] = [:],
                termsCode: String? = nil) {
        self.createMissing = createMissing
        self.numberScheme = numberScheme
        self.table = table
        self.termsCode = termsCode
    }

    /// True when some project can be given a customer.
    public var isConfigured: Bool { createMissing || !table.isEmpty }
}
