/// Why a ``ProcoreSandbox`` could not start.
public enum ProcoreSandboxError: Error, Sendable, CustomStringConvertible {
    /// The server could not listen on `host:port`.
    case cannotListen(host: String, port: Int, reason: String)
    /// A configuration value is out of range.
    case invalidConfiguration(field: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            return "Procore sandbox cannot listen on \(host):\(port): \(reason). Pick another port (0 picks a free one) or stop the process using it."
        case .invalidConfiguration(let field, let value, let expected):
            return "Procore sandbox configuration '\(field)' is \(value); expected \(expected)."
        }
    }
}
