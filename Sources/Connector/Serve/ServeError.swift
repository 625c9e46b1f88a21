/// Why `ml-connector serve` could not start.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    /// A server could not listen where the configuration says.
    case cannotListen(key: String, host: String, port: Int, reason: String)
    /// Nothing to do: no job is scheduled and no webhooks are configured.
    case nothingToServe(file: String)

    public var description: String {
        switch self {
        case .cannotListen(let key, let host, let port, let reason):
            return "cannot listen on \(host):\(port) (\(key)): \(reason). Choose another port in \(key) or stop the process using it."
        case .nothingToServe(let file):
            return "every job in the schedule: section of \(file) is off and there is no webhooks: section, so serve would do nothing; "
                + "turn a job on (e.g. full: \"18:30\") or add webhooks:"
        }
    }
}
