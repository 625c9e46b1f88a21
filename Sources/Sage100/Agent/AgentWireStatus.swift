/// `GET /v1/status`: what the agent is and which companies it serves.
public struct AgentStatus: Codable, Sendable, Equatable {
    /// The agent's own version, e.g. "1.4.0".
    public var agentVersion: String
    /// The Sage 100 Business Object Interface version the agent drives, e.g. "7.10".
    public var boiVersion: String
    /// Companies the agent can reach.
    public var companies: [AgentCompany]
    /// The agent's clock, ISO 8601 UTC ("2026-11-29T01:02:03Z").
    public var serverTime: String?

    public init(agentVersion: String, boiVersion: String, companies: [AgentCompany], serverTime: String? = nil) {
        self.agentVersion = agentVersion
        self.boiVersion = boiVersion
        self.companies = companies
        self.serverTime = serverTime
    }

    enum CodingKeys: String, CodingKey {
        case agentVersion = "agent_version"
        case boiVersion = "boi_version"
        case companies
        case serverTime = "server_time"
    }
}

/// A Sage 100 company the agent serves.
public struct AgentCompany: Codable, Sendable, Equatable {
    /// Three-character company code, e.g. "ABC".
    public var code: String
    /// Company name as set up in Sage.
    public var name: String
    /// Modules the agent can write to (e.g. "A/P", "P/O", "G/L").
    public var modules: [String]

    public init(code: String, name: String, modules: [String]) {
        self.code = code
        self.name = name
        self.modules = modules
    }
}
