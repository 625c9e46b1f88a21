import Foundation
import HTTP
import Logging

/// The connector's client of the Sage 100 agent (`docs/agent-api.yaml`): status, reference
/// reads, imports with lock retries and exactly-once settlement, read-back for
/// reconciliation, and the eBusiness SOAP relay.
///
/// Safe to share: reads may run in parallel; posts to one company (on one agent) are
/// serialised process-wide through ``SageCompanyWriterLocks``.
public actor SageAgentClient {
    /// The agent, company and policies this client uses.
    public nonisolated let configuration: SageAgentConfiguration
    let http: any HTTPClient
    let writerLocks: SageCompanyWriterLocks
    let sleeper: @Sendable (Duration) async throws -> Void
    let logger: Logger
    var random: AnyRandomNumberGenerator

    /// - Parameters:
    ///   - configuration: the agent, company, credentials and policies.
    ///   - httpClient: the transport; nil builds a ``CurlHTTPClient`` from the configuration
    ///     (CA bundle, client certificate, TLS verification, timeouts).
    ///   - writerLocks: the one-writer-per-company registry (tests may pass their own).
    ///   - random: the source of backoff jitter (tests inject a seeded one).
    ///   - sleep: how to wait (tests may record instead of sleeping).
    ///   - logger: progress and retries at `.info`/`.debug`; never the API key.
    public init(configuration: SageAgentConfiguration, httpClient: (any HTTPClient)? = nil,
                writerLocks: SageCompanyWriterLocks = .shared,
                random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                logger: Logger = Logger(label: "ml-connector.sage-agent")) {
        self.configuration = configuration
        self.http = httpClient ?? CurlHTTPClient(configuration: configuration.httpClientConfiguration)
        self.writerLocks = writerLocks
        self.random = AnyRandomNumberGenerator(random)
        self.sleeper = sleep
        self.logger = logger
    }

    // MARK: - Status and SOAP relay

    /// `GET /v1/status`: the agent's and BOI's versions and the companies it serves.
    public func status() async throws -> AgentStatus {
        let response = try await send(.get, url: "\(configuration.baseURL)/v1/status")
        return try decode(AgentStatus.self, from: response, request: "GET /v1/status")
    }

    /// Relays a SOAP envelope to Sage's eBusiness Web Services through the agent and returns
    /// the answering envelope, SOAP faults included (they come back as bytes for the SOAP layer
    /// to read, not as errors). `soapAction` is passed on as the `SOAPAction` header when given.
    public func ebusiness(envelope: [UInt8], soapAction: String? = nil) async throws -> [UInt8] {
        var headers = HTTPHeaders()
        headers["Content-Type"] = "text/xml; charset=utf-8"
        headers["Accept"] = "text/xml"
        if let soapAction { headers["SOAPAction"] = "\"\(soapAction)\"" }
        let response = try await send(.post, url: "\(configuration.companyURL)/ebusiness",
                                      headers: headers, body: Data(envelope))
        let contentType = response.headers["Content-Type"]?.lowercased() ?? ""
        if response.isSuccess || (response.status == 500 && contentType.contains("xml")) {
            return [UInt8](response.body)
        }
        throw error(for: response, request: "POST ebusiness")
    }

    // MARK: - Plumbing

    /// A jittered wait for retry `retry` under the lock backoff policy.
    func backoffDelay(forRetry retry: Int) -> Duration {
        configuration.lockBackoff.delay(forRetry: retry, using: &random)
    }

    /// Sends one request with the credentials; transport failures become ``SageAgentError/transport(_:)``.
    func send(_ method: HTTPMethod, url: String, headers extra: HTTPHeaders = HTTPHeaders(), body: Data? = nil,
              timeout: Duration? = nil) async throws -> HTTPResponse {
        do {
            return try await http.send(makeRequest(method, url: url, headers: extra, body: body, timeout: timeout))
        } catch let error as HTTPError {
            throw SageAgentError.transport(error)
        }
    }

    nonisolated func makeRequest(_ method: HTTPMethod, url: String, headers extra: HTTPHeaders = HTTPHeaders(),
                                 body: Data? = nil, timeout: Duration? = nil) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers["Accept"] = "application/json"
        if let key = configuration.auth.apiKey {
            headers["Authorization"] = "Bearer \(key.revealed)"
        }
        for field in extra { headers[field.name] = field.value }
        if body != nil && headers["Content-Type"] == nil {
            headers["Content-Type"] = "application/json"
        }
        return HTTPRequest(method: method, url: url, headers: headers, body: body,
                           timeout: timeout ?? configuration.requestTimeout)
    }

    /// Decodes a 2xx body as `T`, or throws the error the status means.
    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, request: String) throws -> T {
        guard response.isSuccess else { throw error(for: response, request: request) }
        do {
            return try AgentWire.makeDecoder().decode(T.self, from: response.body)
        } catch {
            throw SageAgentError.invalidResponse(request: request, detail: Self.describe(decodingError: error))
        }
    }

    /// The typed error for a non-2xx answer.
    nonisolated func error(for response: HTTPResponse, request: String) -> SageAgentError {
        let body = try? AgentWire.makeDecoder().decode(AgentErrorBody.self, from: response.body)
        var message = body.map { $0.error.message } ?? Self.snippet(response.body)
        if let hint = body?.error.hint, !hint.isEmpty { message += " (\(hint))" }
        let code = body.flatMap { AgentErrorCode(rawValue: $0.error.code) }
        switch response.status {
        case 401, 403:
            return .unauthorized(status: response.status, message: message)
        case 404 where code == .companyNotFound:
            return .companyNotFound(company: configuration.companyCode, message: message)
        case 404 where code == nil:
            return .badRequest(status: 404, message: "\(request): \(message). Is the base URL the agent's?")
        case 400, 404, 405, 409, 413, 415, 422:
            return .badRequest(status: response.status, message: "\(request): \(message)")
        case 423:
            return .moduleLocked(waited: .zero, limit: configuration.moduleLockMaxWait, message: message)
        default:
            return .server(status: response.status, message: "\(request): \(message)")
        }
    }

    /// Up to 300 characters of a body, for messages.
    nonisolated static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "(empty body)" : text
    }

    nonisolated static func describe(decodingError error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the body" : p
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(let type, let context):
            return "field \(path(context)) is not a \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "field \(path(context)) is null, expected \(type)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `url?name=value&…` with each value percent-encoded.
    nonisolated static func url(_ base: String, query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(percentEncode($0))" } }
        return items.isEmpty ? base : "\(base)?\(items.joined(separator: "&"))"
    }

    nonisolated static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    nonisolated static func percentEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
