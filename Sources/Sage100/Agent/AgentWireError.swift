/// Every non-2xx answer of the agent: `{"error":{"code","message","hint"}}`.
public struct AgentErrorBody: Codable, Sendable, Equatable {
    public var error: AgentErrorDetail

    public init(code: AgentErrorCode, message: String, hint: String? = nil) {
        error = AgentErrorDetail(code: code.rawValue, message: message, hint: hint)
    }

    public init(error: AgentErrorDetail) { self.error = error }
}

/// The error itself: a stable machine code, a message naming what was wrong, and what to do.
public struct AgentErrorDetail: Codable, Sendable, Equatable {
    /// One of ``AgentErrorCode``'s raw values (unknown codes may appear in later versions).
    public var code: String
    public var message: String
    public var hint: String?

    public init(code: String, message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }
}

/// Error codes of the contract.
public enum AgentErrorCode: String, Codable, Sendable, CaseIterable {
    /// 401: no or wrong API key / client certificate.
    case unauthorized
    /// 403: authenticated, but not allowed for this company.
    case forbidden
    /// 404: unknown company code.
    case companyNotFound = "company_not_found"
    /// 404: unknown path or document kind.
    case notFound = "not_found"
    /// 422: the body or a query parameter is malformed.
    case malformed
    /// 423: the whole module is locked in Sage (period end, exclusive task); nothing written.
    case moduleLocked = "module_locked"
    /// 500: the agent failed; the outcome of a write is unknown, settle it through /postings.
    case internalError = "internal_error"
}
