/// A setting of ``SageAgentConfiguration`` that cannot be used, with the fix.
public struct SageAgentConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting, e.g. `companyCode` or `baseURL`.
    public var field: String
    /// The offending value as given (never a secret).
    public var value: String
    /// What is wrong with it.
    public var problem: String
    /// What to do instead.
    public var fix: String

    public var description: String {
        "Sage agent setting \(field) '\(value)' \(problem); \(fix)."
    }
}
