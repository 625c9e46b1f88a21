import Foundation
import HTTP
import JSON

/// Obtains and caches the OAuth client-credentials token (`POST {auth}/oauth/token`).
///
/// The token is renewed ahead of expiry (the configured margin, at most a tenth of its lifetime),
/// and after a 401 via ``invalidate(_:)``. Concurrent callers share one renewal.
public actor TokenProvider {
    private let configuration: ProcoreConfiguration
    private let http: any HTTPClient
    private let clock: @Sendable () -> Double
    private let onIssued: @Sendable (AccessToken) -> Void
    private var cached: AccessToken?
    private var renewal: Task<(AccessToken, Bool), any Error>?
    /// Tokens obtained so far.
    public private(set) var tokensIssued = 0

    /// - Parameters:
    ///   - clock: current Unix time in seconds (injectable for tests).
    ///   - onIssued: told about each new token (for metrics and progress).
    public init(configuration: ProcoreConfiguration, http: any HTTPClient,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                onIssued: @escaping @Sendable (AccessToken) -> Void = { _ in }) {
        self.configuration = configuration
        self.http = http
        self.clock = clock
        self.onIssued = onIssued
    }

    /// The token URL.
    public var tokenURL: String { configuration.authBaseURL + "/oauth/token" }

    /// A valid token: the cached one, the one another process stored (``ProcoreConfiguration/tokenStore``),
    /// or a new one when it is due for renewal.
    public func token() async throws(ProcoreError) -> AccessToken {
        if let cached, clock() < cached.renewAt { return cached }
        if let stored = await Self.usable(configuration, clock: clock, url: tokenURL) {
            cached = stored
            return stored
        }
        return try await renew()
    }

    /// Drops `token` after the API rejected it with 401, so the next ``token()`` renews
    /// (unless another caller already replaced it); the store forgets it too.
    public func invalidate(_ token: AccessToken) async {
        if cached == token { cached = nil }
        await configuration.tokenStore?.clear(ifValue: token.value)
    }

    /// The stored token when it belongs to this client and URL and is not due for renewal.
    static func usable(_ configuration: ProcoreConfiguration, clock: @Sendable () -> Double, url: String) async -> AccessToken? {
        guard let stored = await configuration.tokenStore?.load(),
              stored.clientID == configuration.clientID, stored.tokenURL == url else { return nil }
        let token = AccessToken(value: stored.value, issuedAt: stored.issuedAt, expiresIn: stored.expiresIn,
                                renewalMargin: configuration.tokenRenewalMargin)
        return clock() < token.renewAt ? token : nil
    }

    private func renew() async throws(ProcoreError) -> AccessToken {
        // A caller that was suspended (reading the store) while another's renewal finished
        // takes that token: it must not start a renewal of its own.
        if let cached, clock() < cached.renewAt { return cached }
        let task: Task<(AccessToken, Bool), any Error>
        if let renewal {
            task = renewal
        } else {
            let config = configuration, http = http, clock = clock, url = tokenURL
            task = Task {
                guard let store = config.tokenStore else {
                    return (try await Self.request(configuration: config, http: http, url: url, clock: clock), true)
                }
                // One process renews at a time; one that waited finds the token the other stored.
                return try await store.whileRenewing {
                    if let stored = await Self.usable(config, clock: clock, url: url) { return (stored, false) }
                    let token = try await Self.request(configuration: config, http: http, url: url, clock: clock)
                    await store.save(StoredAccessToken(value: token.value, issuedAt: token.issuedAt, expiresIn: token.expiresIn,
                                                       clientID: config.clientID, tokenURL: url))
                    return (token, true)
                }
            }
            renewal = task
        }
        do {
            let (token, issued) = try await task.value
            if renewal == task {
                renewal = nil
                cached = token
                if issued {
                    tokensIssued += 1
                    onIssued(token)
                }
            }
            return token
        } catch {
            if renewal == task { renewal = nil }
            if let e = error as? ProcoreError { throw e }
            throw .invalidResponse(endpoint: "/oauth/token", project: nil, reason: "\(error)")
        }
    }

    /// One token request, with retries of transient failures.
    static func request(configuration: ProcoreConfiguration, http: any HTTPClient, url: String,
                        clock: @Sendable () -> Double) async throws -> AccessToken {
        let body = FormEncoding.encode([
            ("grant_type", "client_credentials"),
            ("client_id", configuration.clientID),
            ("client_secret", configuration.clientSecret),
        ])
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/x-www-form-urlencoded")
        headers.add("Accept", "application/json")
        let request = HTTPRequest(method: .post, url: url, headers: headers, body: Data(body.utf8),
                                  timeout: configuration.requestTimeout)
        let policy = configuration.retry
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let started = clock()
            let response: HTTPResponse
            do {
                response = try await http.send(request)
            } catch let error as HTTPError {
                guard error.isRetryable, attempt < policy.maxAttempts else {
                    throw ProcoreError.transport(endpoint: url, project: nil, error: error)
                }
                try await Task.sleep(for: policy.backoff(forRetry: attempt, using: &generator))
                attempt += 1
                continue
            }
            switch response.status {
            case 200..<300:
                return try parse(response, url: url, issuedAt: started, margin: configuration.tokenRenewalMargin)
            case 429, 500...599:
                guard attempt < policy.maxAttempts else {
                    throw ProcoreError.retriesExhausted(endpoint: url, project: nil, attempts: attempt,
                                                       lastFailure: "HTTP \(response.status)")
                }
                var wait = policy.backoff(forRetry: attempt, using: &generator)
                if let ra = response.headers["Retry-After"].flatMap({ Double($0.trimmedDigits) }) {
                    wait = .seconds(min(ra, 120))
                }
                try await Task.sleep(for: wait)
                attempt += 1
            default:
                let message = ProcoreMessage.extract(from: response, redacting: [configuration.clientSecret])
                throw ProcoreError.authenticationFailed(clientID: configuration.clientID, authURL: url,
                                                        status: response.status, message: message)
            }
        }
    }

    static func parse(_ response: HTTPResponse, url: String, issuedAt: Double, margin: Duration) throws(ProcoreError) -> AccessToken {
        let json: JSONValue
        do { json = try JSONValue.parse(response.body) } catch {
            throw .invalidResponse(endpoint: url, project: nil, reason: "token response is not JSON: \(error.description)")
        }
        guard case .string(let value)? = json["access_token"], !value.isEmpty else {
            throw .invalidResponse(endpoint: url, project: nil, reason: "token response has no access_token")
        }
        var expiresIn = 5400
        if case .number(let n)? = json["expires_in"], let v = Int(n) { expiresIn = v }
        return AccessToken(value: value, issuedAt: issuedAt, expiresIn: expiresIn, renewalMargin: margin)
    }
}

extension HTTPError {
    /// Worth trying again: the server may be reachable on the next try.
    var isRetryable: Bool {
        switch self {
        case .timedOut, .connectionLost, .connectFailed, .transport: return true
        case .invalidURL, .tls, .cancelled, .responseTooLarge: return false
        }
    }
}

/// `application/x-www-form-urlencoded` and query-string encoding.
enum FormEncoding {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

/// Procore's error text from a response body, without secrets.
enum ProcoreMessage {
    static func extract(from response: HTTPResponse, redacting secrets: [String] = []) -> String {
        var message = ""
        if let json = try? JSONValue.parse(response.body) {
            for key in ["error_description", "message", "errors", "error"] {
                if let v = json[key], let text = flatten(v), !text.isEmpty { message = text; break }
            }
        }
        if message.isEmpty { message = response.text }
        message = message.replacingOccurrences(of: "\n", with: " ")
        for secret in secrets where !secret.isEmpty {
            message = message.replacingOccurrences(of: secret, with: "<redacted>")
        }
        if message.count > 300 { message = String(message.prefix(300)) + "…" }
        return message
    }

    private static func flatten(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): return s
        case .number(let n): return n
        case .array(let items): return items.compactMap(flatten).joined(separator: "; ")
        case .object(let fields): return fields.compactMap { k, v in flatten(v).map { "\(k): \($0)" } }.joined(separator: "; ")
        default: return nil
        }
    }
}
