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

    public init(field: String, value: String, problem: String, fix: String) {
        self.field = field
        self.value = value
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        "Sage agent setting \(field) '\(value)' \(problem); \(fix)."
    }
}
