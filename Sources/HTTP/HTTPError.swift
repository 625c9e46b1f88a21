/// A transport failure: the request got no HTTP response.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL could not be parsed or uses an unsupported scheme.
    case invalidURL(String)
    /// No connection could be made (refused, unreachable, DNS).
    case connectFailed(url: String, reason: String)
    /// The TLS handshake failed or the peer's certificate was not trusted.
    case tls(url: String, reason: String)
    /// The connect or total timeout passed. Whether the server acted on the request is unknown.
    case timedOut(url: String)
    /// The connection dropped mid-exchange. Whether the server acted on the request is unknown.
    case connectionLost(url: String, reason: String)
    /// The answer's body passed the configured limit (`limit` bytes; nil when the
    /// announced length alone was over it) and was cut off. Whether the server acted on
    /// the request is unknown.
    case responseTooLarge(url: String, limit: Int?)
    /// The task was cancelled.
    case cancelled(url: String)
    /// Any other libcurl failure.
    case transport(url: String, code: Int, reason: String)

    /// True when the server may have received and acted on the request (timeouts, drops):
    /// callers that write must settle the outcome before sending again.
    public var outcomeUnknown: Bool {
        switch self {
        case .timedOut, .connectionLost, .responseTooLarge: return true
        case .transport: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let u): return "invalid URL '\(u)': check the configured host"
        case .connectFailed(let u, let r): return "cannot connect to \(u): \(r). Is the server running and the host/port right?"
        case .tls(let u, let r): return "TLS failure talking to \(u): \(r). Check the CA bundle and client certificate settings."
        case .timedOut(let u): return "request to \(u) timed out"
        case .connectionLost(let u, let r): return "connection to \(u) lost: \(r)"
        case .responseTooLarge(let u, let limit):
            let size = limit.map { $0 >= 1 << 20 && $0 % (1 << 20) == 0 ? "\($0 >> 20) MiB" : "\($0) bytes" } ?? "the configured limit"
            return "the answer from \(u) is larger than \(size) and was cut off: nothing in it was used. "
                + "The server is sending a runaway answer; check the URL points at the right service"
        case .cancelled(let u): return "request to \(u) was cancelled"
        case .transport(let u, let c, let r): return "HTTP transport error \(c) for \(u): \(r)"
        }
    }
}
