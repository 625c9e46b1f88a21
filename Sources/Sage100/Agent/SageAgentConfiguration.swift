import Foundation
import HTTP

/// Where the Sage 100 agent is and how to talk to it.
///
/// Build one with ``init(baseURL:companyCode:auth:caBundlePath:verifyTLS:connectTimeout:requestTimeout:importTimeout:lockBackoff:moduleLockMaxWait:maxRecordsPerRequest:inProgressMaxWait:)``,
/// which validates every value (the values cannot change afterwards). The API key never
/// appears in ``description``.
public struct SageAgentConfiguration: Sendable, CustomStringConvertible {
    /// The agent's root, e.g. `https://sage-server.local:4020` (no `/v1`, no trailing slash).
    public let baseURL: String
    /// The Sage 100 company code: three letters or digits, upper case (e.g. `ABC`).
    public let companyCode: String
    /// API key, client certificate, or both.
    public let auth: SageAgentAuth
    /// PEM CA bundle that signed the agent's certificate (nil: the system bundle).
    public let caBundlePath: String?
    /// Verify the agent's certificate and host name. Leave on; only an explicit flag turns it off.
    public let verifyTLS: Bool
    /// Time to establish a connection (TCP + TLS).
    public let connectTimeout: Duration
    /// Time allowed for a read request (status, reference data, read-back, settlement).
    public let requestTimeout: Duration
    /// Time allowed for one import request (up to ``maxRecordsPerRequest`` records written by COM).
    public let importTimeout: Duration
    /// How records answered `locked` are retried.
    public let lockBackoff: SageAgentBackoffPolicy
    /// Longest total time one post waits on `423 Locked` (the whole module busy) before giving up.
    public let moduleLockMaxWait: Duration
    /// Records per import request; a big batch is sent in chunks of this size.
    public let maxRecordsPerRequest: Int
    /// Longest time settling a lost answer waits while the agent says an earlier import holding
    /// the record is still being written (`in_progress`). A sender that gave up or died leaves
    /// its request queued or writing on the agent; nothing is resent until it has finished.
    public let inProgressMaxWait: Duration

    /// - Throws: ``SageAgentConfigurationError`` naming the setting when a value is unusable:
    ///   a base URL that is not http(s), plain `http` to a host other than this machine (the
    ///   credentials would travel in clear), a company code that is not 3 letters/digits, an
    ///   empty API key, non-positive timeouts or chunk size.
    public init(baseURL: String, companyCode: String, auth: SageAgentAuth, caBundlePath: String? = nil,
                verifyTLS: Bool = true, connectTimeout: Duration = .seconds(10),
                requestTimeout: Duration = .seconds(60), importTimeout: Duration = .seconds(300),
                lockBackoff: SageAgentBackoffPolicy = .standard, moduleLockMaxWait: Duration = .seconds(600),
                maxRecordsPerRequest: Int = 100, inProgressMaxWait: Duration = .seconds(900)) throws {
        self.baseURL = try Self.validatedBaseURL(baseURL)
        self.companyCode = try Self.validatedCompanyCode(companyCode)
        if let key = auth.apiKey, key.isEmpty {
            throw SageAgentConfigurationError(field: "auth.apiKey", value: "", problem: "is empty",
                                              fix: "set the variable sage.auth.api_key_env names to the agent's API key, or store it with `ml-connector secrets set sage-agent-api-key` and name it in sage.auth.api_key_vault")
        }
        if let cert = auth.clientCertificate {
            if cert.certPath.isEmpty || cert.keyPath.isEmpty {
                throw SageAgentConfigurationError(field: "auth.clientCertificate", value: cert.certPath,
                                                  problem: "needs both a certificate path and a key path",
                                                  fix: "give the PEM certificate and its PEM private key")
            }
        }
        self.auth = auth
        self.caBundlePath = caBundlePath
        self.verifyTLS = verifyTLS
        for (name, value) in [("connectTimeout", connectTimeout), ("requestTimeout", requestTimeout),
                              ("importTimeout", importTimeout), ("inProgressMaxWait", inProgressMaxWait)] where value <= .zero {
            throw SageAgentConfigurationError(field: name, value: "\(value)", problem: "must be longer than zero",
                                              fix: "use a positive duration")
        }
        guard moduleLockMaxWait >= .zero else {
            throw SageAgentConfigurationError(field: "moduleLockMaxWait", value: "\(moduleLockMaxWait)",
                                              problem: "is negative", fix: "use zero (do not wait) or a positive duration")
        }
        guard (1...AgentWire.maxRecordsPerImport).contains(maxRecordsPerRequest) else {
            throw SageAgentConfigurationError(field: "maxRecordsPerRequest", value: "\(maxRecordsPerRequest)",
                                              problem: "must be 1 to \(AgentWire.maxRecordsPerImport) (the agent's limit)",
                                              fix: "use e.g. 100")
        }
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.importTimeout = importTimeout
        self.lockBackoff = lockBackoff
        self.moduleLockMaxWait = moduleLockMaxWait
        self.maxRecordsPerRequest = maxRecordsPerRequest
        self.inProgressMaxWait = inProgressMaxWait
    }

    /// The HTTP client settings this configuration implies (TLS trust, client certificate, timeouts).
    public var httpClientConfiguration: HTTPClientConfiguration {
        let cert = auth.clientCertificate
        return HTTPClientConfiguration(connectTimeout: connectTimeout, timeout: requestTimeout,
                                       verifyTLS: verifyTLS, caBundlePath: caBundlePath,
                                       clientCertificatePath: cert?.certPath, clientKeyPath: cert?.keyPath,
                                       maxConcurrentRequests: 4, followRedirects: false)
    }

    /// The key under which posts are serialised: one writer per company per agent.
    var writerKey: String { "\(baseURL.lowercased())|\(companyCode)" }

    /// `baseURL` + `/v1/companies/{code}`.
    var companyURL: String { "\(baseURL)/v1/companies/\(companyCode)" }

    public var description: String {
        "Sage agent \(baseURL) company \(companyCode), auth \(auth)"
            + (verifyTLS ? "" : ", TLS verification OFF")
    }

    static func validatedCompanyCode(_ code: String) throws -> String {
        let upper = code.uppercased()
        guard upper.count == 3, upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw SageAgentConfigurationError(field: "companyCode", value: String(code.prefix(20)),
                                              problem: "is not a Sage 100 company code",
                                              fix: "use the three letters or digits shown in Sage 100's Company Maintenance, e.g. ABC")
        }
        return upper
    }

    static func validatedBaseURL(_ url: String) throws -> String {
        var trimmed = url.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let lower = trimmed.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else {
            throw SageAgentConfigurationError(field: "baseURL", value: String(url.prefix(200)),
                                              problem: "is not an http(s) URL",
                                              fix: "use the agent's address, e.g. https://sage-server:4020")
        }
        let rest = trimmed.dropFirst(scheme.count + 3)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@"), rest.count == authority.count else {
            throw SageAgentConfigurationError(field: "baseURL", value: String(url.prefix(200)),
                                              problem: "must be scheme://host[:port] with no path, user or query",
                                              fix: "use e.g. https://sage-server:4020")
        }
        if scheme == "http" && !isLoopback(authority: String(authority)) {
            throw SageAgentConfigurationError(field: "baseURL", value: String(url.prefix(200)),
                                              problem: "uses plain http to another machine, so the API key and the books would cross the network in clear",
                                              fix: "use https (the agent serves TLS) or run on the agent's machine")
        }
        return trimmed
    }

    static func isLoopback(authority: String) -> Bool {
        var host = authority.lowercased()
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
