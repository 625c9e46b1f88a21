import HTTP

/// A failure talking to Procore, with what happened, where, and what to do about it.
///
/// `endpoint` is the request path without the query (e.g. `/rest/v1.1/requisitions`);
/// `project` is the Procore project id the call was scoped to, when there was one.
public enum ProcoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 403: the service account has no access to this project (or company) for this tool.
    case forbidden(project: Int64?, endpoint: String)
    /// The token endpoint refused the client credentials (wrong id or secret, or a
    /// credential from another environment). The secret is never included.
    case authenticationFailed(clientID: String, authURL: String, status: Int, message: String)
    /// 401 on an API call even with a freshly issued token.
    case unauthorized(endpoint: String, project: Int64?, message: String)
    /// 404: the record or endpoint does not exist (or is not visible to this account).
    case notFound(endpoint: String, project: Int64?, message: String)
    /// Any other non-retryable HTTP status (400, 409, 422, ...), with Procore's message.
    case http(status: Int, endpoint: String, project: Int64?, message: String)
    /// A transient failure persisted through every retry.
    case retriesExhausted(endpoint: String, project: Int64?, attempts: Int, lastFailure: String)
    /// A transport failure that is not retried (bad URL, TLS, cancelled) or persisted.
    case transport(endpoint: String, project: Int64?, error: HTTPError)
    /// The response was not what the endpoint documents (e.g. not a JSON array).
    case invalidResponse(endpoint: String, project: Int64?, reason: String)
    /// A record's JSON could not be read into a model: names the resource, record and field.
    case invalidRecord(resource: String, recordID: Int64?, field: String, reason: String)
    /// A configuration value is unusable.
    case invalidConfiguration(field: String, reason: String)

    /// The HTTP status, when the failure was an HTTP answer.
    public var status: Int? {
        switch self {
        case .forbidden: return 403
        case .authenticationFailed(_, _, let s, _): return s
        case .unauthorized: return 401
        case .notFound: return 404
        case .http(let s, _, _, _): return s
        default: return nil
        }
    }

    /// True when a write may have reached Procore and been acted on (a timeout, a dropped
    /// connection, a 5xx): look the record up before sending it again.
    public var outcomeUnknown: Bool {
        switch self {
        case .transport(_, _, let error): return error.outcomeUnknown
        case .http(let s, _, _, _): return s >= 500
        default: return false
        }
    }

    /// The request path involved, if any.
    public var endpoint: String? {
        switch self {
        case .forbidden(_, let e), .unauthorized(let e, _, _), .notFound(let e, _, _),
             .http(_, let e, _, _), .retriesExhausted(let e, _, _, _), .transport(let e, _, _),
             .invalidResponse(let e, _, _):
            return e
        case .authenticationFailed(_, let url, _, _): return url
        default: return nil
        }
    }

    /// The project the failing call was scoped to, if any.
    public var projectID: Int64? {
        switch self {
        case .forbidden(let p, _), .unauthorized(_, let p, _), .notFound(_, let p, _),
             .http(_, _, let p, _), .retriesExhausted(_, let p, _, _), .transport(_, let p, _),
             .invalidResponse(_, let p, _):
            return p
        default: return nil
        }
    }

    public var description: String {
        func scope(_ p: Int64?) -> String { p.map { " (project \($0))" } ?? "" }
        switch self {
        case .forbidden(let p, let e):
            return "Procore answered 403 Forbidden for \(e)\(scope(p)): the service account has no access. "
                + "Grant the DMSA this tool's permission on \(p.map { "project \($0)" } ?? "the company") in Procore's App Management, or leave it out of the run."
        case .authenticationFailed(let id, let url, let s, let m):
            return "Procore refused the client credentials for client id '\(id)' at \(url) (HTTP \(s)\(m.isEmpty ? "" : ": \(m)")). "
                + "Check the client id and secret, and that they belong to this environment."
        case .unauthorized(let e, let p, let m):
            return "Procore answered 401 Unauthorized for \(e)\(scope(p)) even with a fresh token\(m.isEmpty ? "" : ": \(m)"). "
                + "Check that the service account is installed for this company."
        case .notFound(let e, let p, let m):
            return "Procore answered 404 Not Found for \(e)\(scope(p))\(m.isEmpty ? "" : ": \(m)"). The record may have been deleted."
        case .http(let s, let e, let p, let m):
            return "Procore answered HTTP \(s) for \(e)\(scope(p))\(m.isEmpty ? "" : ": \(m)")."
        case .retriesExhausted(let e, let p, let n, let last):
            return "Procore request \(e)\(scope(p)) still failing after \(n) attempts (last: \(last)). Try again later."
        case .transport(let e, let p, let err):
            return "Could not reach Procore for \(e)\(scope(p)): \(err)"
        case .invalidResponse(let e, let p, let r):
            return "Unexpected response from Procore for \(e)\(scope(p)): \(r)"
        case .invalidRecord(let res, let id, let f, let r):
            return "\(res) record \(id.map(String.init) ?? "(no id)"), field '\(f)': \(r)"
        case .invalidConfiguration(let f, let r):
            return "Procore setting '\(f)' \(r)"
        }
    }
}
