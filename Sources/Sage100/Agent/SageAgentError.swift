import HTTP

/// What went wrong talking to the Sage 100 agent, and what to do about it.
public indirect enum SageAgentError: Error, Sendable, CustomStringConvertible {
    /// 401/403: the agent refused the credentials. Check the API key or the client certificate.
    case unauthorized(status: Int, message: String)
    /// 404: the agent does not serve this company code.
    case companyNotFound(company: String, message: String)
    /// The whole Sage module stayed locked (423) longer than the configured wait.
    case moduleLocked(waited: Duration, limit: Duration, message: String)
    /// 400/404/422: the agent refused the request itself (the message says which part).
    case badRequest(status: Int, message: String)
    /// 5xx or an unexpected status from the agent.
    case server(status: Int, message: String)
    /// No HTTP answer: connect, TLS, timeout or a dropped connection.
    case transport(HTTPError)
    /// The agent answered 2xx with a body that does not follow the contract.
    case invalidResponse(request: String, detail: String)
    /// An import holding this key was still being written when the wait for it ran out (the
    /// agent answered `in_progress`): nothing was resent.
    case stillWriting(idempotencyKey: String, waited: Duration)
    /// The caller's input cannot be sent (empty or repeated idempotency key, empty batch id).
    case invalidInput(String)
    /// A post stopped part-way. `partial` holds every record's status at that point: records
    /// `posted`/`duplicate`/`rejected` are final, `uncertain` must be settled later, `notSent`
    /// and `locked` were not written and may be sent again.
    case interrupted(cause: SageAgentError, partial: SagePostOutcome)

    /// The underlying error, unwrapping ``interrupted(cause:partial:)``.
    public var cause: SageAgentError {
        if case .interrupted(let cause, _) = self { return cause.cause }
        return self
    }

    /// The records' statuses when a post was interrupted, else nil.
    public var partialOutcome: SagePostOutcome? {
        if case .interrupted(_, let partial) = self { return partial }
        return nil
    }

    public var description: String {
        switch self {
        case .unauthorized(let status, let message):
            return "Sage agent refused the credentials (HTTP \(status)): \(message). Check the agent API key "
                + "(sage.auth.api_key_env or sage.auth.api_key_vault in connector.yml) or the client certificate and key paths "
                + "(sage.auth.client_cert, sage.auth.client_key), and that the agent trusts its CA."
        case .companyNotFound(let company, let message):
            return "Sage agent does not serve company '\(company)': \(message). Check sage.company in connector.yml "
                + "against the company codes in Sage 100's Company Maintenance."
        case .moduleLocked(let waited, let limit, let message):
            return "Sage 100 module stayed locked for \(waited) (limit \(limit)): \(message). A period-end or "
                + "exclusive Sage task is running; run again when it is finished, or raise sage.module_lock_max_wait_s in connector.yml."
        case .badRequest(let status, let message):
            return "Sage agent refused the request (HTTP \(status)): \(message)."
        case .server(let status, let message):
            return "Sage agent failed (HTTP \(status)): \(message). Check the agent's log on the Sage server."
        case .transport(let error):
            return "Sage agent unreachable: \(error)"
        case .invalidResponse(let request, let detail):
            return "Sage agent answered \(request) with a body that does not follow the contract: \(detail). "
                + "Check that the agent version matches docs/agent-api.yaml."
        case .stillWriting(let key, let waited):
            return "Sage agent is still writing an earlier import that holds \(key) (waited \(waited)); nothing was resent, "
                + "so nothing can be posted twice. Run again once the agent has finished (its log shows the import)."
        case .invalidInput(let message):
            return "Cannot post to the Sage agent: \(message)."
        case .interrupted(let cause, let partial):
            let c = partial.counts
            return "Posting \(partial.kind.displayName) batch \(partial.batchID) stopped part-way "
                + "(\(c.posted) posted, \(c.duplicate) duplicate, \(c.rejected) rejected, \(c.locked) locked, "
                + "\(c.uncertain) uncertain, \(c.notSent) not sent): \(cause)"
        }
    }
}
