import Foundation
import HTTP
import Procore
import Sandbox

/// The one Procore sandbox harness the test targets share: a sandbox on a free loopback port,
/// the connector's own Procore client (real libcurl) pointed at it, and a raw HTTP client for
/// the requests a third-party client would send.
public struct ProcoreSandboxHarness: Sendable {
    public let sandbox: ProcoreSandbox
    /// The connector's Procore client against the sandbox.
    public let client: ProcoreClient
    /// Raw HTTP (libcurl), for requests the connector's client would not make.
    public let http: CurlHTTPClient

    public init(sandbox: ProcoreSandbox, client: ProcoreClient, http: CurlHTTPClient = CurlHTTPClient()) {
        self.sandbox = sandbox
        self.client = client
        self.http = http
    }

    /// Starts a sandbox and a client for it; the caller stops it (``stop()``).
    public static func start(_ configuration: ProcoreSandboxConfiguration, perPage: Int = 50, maxConcurrent: Int = 4,
                             secret: String? = nil, renewalMargin: Duration = .seconds(300),
                             onEvent: ProcoreEventHandler? = nil) async throws -> ProcoreSandboxHarness {
        let sandbox = try await ProcoreSandbox.start(configuration)
        return ProcoreSandboxHarness(sandbox: sandbox, client: makeClient(sandbox, perPage: perPage, maxConcurrent: maxConcurrent,
                                                                          secret: secret, renewalMargin: renewalMargin, onEvent: onEvent))
    }

    /// Runs `body` against a new sandbox and stops it afterwards, whether `body` throws or not.
    public static func with<T>(_ configuration: ProcoreSandboxConfiguration = .init(projects: 3, recordsPerProject: 120),
                               _ body: (ProcoreSandboxHarness) async throws -> T) async throws -> T {
        let harness = try await start(configuration)
        do {
            let result = try await body(harness)
            await harness.stop()
            return result
        } catch {
            await harness.stop()
            throw error
        }
    }

    /// A new client for `sandbox`, over `http` (real libcurl unless given).
    public static func makeClient(_ sandbox: ProcoreSandbox, perPage: Int = 50, maxConcurrent: Int = 4,
                                  secret: String? = nil, renewalMargin: Duration = .seconds(300),
                                  onEvent: ProcoreEventHandler? = nil, http: (any HTTPClient)? = nil) -> ProcoreClient {
        let configuration = ProcoreConfiguration(
            environment: .custom(apiBaseURL: sandbox.baseURL, authBaseURL: sandbox.baseURL),
            companyID: sandbox.configuration.companyID,
            clientID: sandbox.configuration.clientID,
            clientSecret: secret ?? sandbox.configuration.clientSecret,
            perPage: perPage,
            maxConcurrentRequests: maxConcurrent,
            retry: RetryPolicy(maxAttempts: 6, base: .milliseconds(20), cap: .milliseconds(500)),
            tokenRenewalMargin: renewalMargin,
            requestTimeout: .seconds(20))
        let transport = http ?? CurlHTTPClient(configuration: HTTPClientConfiguration(
            connectTimeout: .seconds(5), timeout: .seconds(20), maxConcurrentRequests: maxConcurrent))
        return ProcoreClient(configuration: configuration, http: transport, onEvent: onEvent)
    }

    /// The same sandbox with another client.
    public func with(_ client: ProcoreClient) -> ProcoreSandboxHarness {
        ProcoreSandboxHarness(sandbox: sandbox, client: client, http: http)
    }

    public var companyID: Int64 { sandbox.configuration.companyID }

    public func stop() async { await sandbox.stop() }

    // MARK: raw HTTP, as any client would send it

    /// A token from `POST /oauth/token` with form fields.
    public func token() async throws -> String {
        let c = sandbox.configuration
        let response = try await http.send(HTTPRequest(
            method: .post, url: sandbox.baseURL + "/oauth/token",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_id=\(c.clientID)&client_secret=\(c.clientSecret)".utf8)))
        guard response.status == 200,
              let json = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let token = json["access_token"] as? String
        else { throw HarnessError.unexpected(request: "POST /oauth/token", response) }
        return token
    }

    /// GET `pathAndQuery` (or an absolute URL) with the bearer token and the company header
    /// (`company: .some(nil)` leaves the header out; a value replaces the sandbox's company).
    public func get(_ pathAndQuery: String, token: String?, company: String?? = .none) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        switch company {
        case .none: headers.add("Procore-Company-Id", String(companyID))
        case .some(.some(let value)): headers.add("Procore-Company-Id", value)
        case .some(.none): break
        }
        let url = pathAndQuery.hasPrefix("http") ? pathAndQuery : sandbox.baseURL + pathAndQuery
        return try await http.send(HTTPRequest(method: .get, url: url, headers: headers))
    }

    /// GET with a token the connector's client holds (as a third-party client would use it).
    public func rawGET(_ pathAndQuery: String) async throws -> HTTPResponse {
        try await get(pathAndQuery, token: try await client.tokens.token().value)
    }

    public func post(_ pathAndQuery: String, headers: HTTPHeaders = HTTPHeaders(), body: Data? = nil) async throws -> HTTPResponse {
        try await http.send(HTTPRequest(method: .post, url: sandbox.baseURL + pathAndQuery, headers: headers, body: body))
    }

    /// GET and decode a JSON array of objects; any answer but 200 with an array throws.
    public func records(_ pathAndQuery: String, token: String) async throws -> [[String: Any]] {
        let response = try await get(pathAndQuery, token: token)
        guard response.status == 200, let array = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] else {
            throw HarnessError.unexpected(request: "GET \(pathAndQuery)", response)
        }
        return array
    }

    /// Follows `Link: rel="next"` from `pathAndQuery` and returns every record.
    public func all(_ pathAndQuery: String, token: String) async throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        var next: String? = pathAndQuery
        var pages = 0
        while let url = next {
            let response = try await get(url, token: token)
            guard response.status == 200, let array = try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] else {
                throw HarnessError.unexpected(request: "GET \(url)", response)
            }
            out += array
            next = ProcoreLinks(response.headers["Link"]).next
            pages += 1
            if pages >= 10_000 { throw HarnessError.endlessPagination(pathAndQuery) }
        }
        return out
    }

    // MARK: through the connector's client

    /// Every record of a resource across `projects`, by id (contract payments: per commitment).
    public func listAll(_ resource: ProcoreResource, projects: [Int64?]) async throws -> [Int64: ProcoreRecord] {
        var out: [Int64: ProcoreRecord] = [:]
        func add(_ records: [ProcoreRecord]) throws {
            for record in records {
                guard out[record.id] == nil else { throw HarnessError.duplicate(id: record.id, resource: resource.stagedName) }
                out[record.id] = record
            }
        }
        if resource.listedPerCommitment {
            for case let project? in projects {
                let commitments = try await listAll(.purchaseOrderContracts, projects: [project]).keys.sorted()
                    + listAll(.workOrderContracts, projects: [project]).keys.sorted()
                for contract in commitments {
                    let collected = RecordCollector()
                    try await client.list(resource, projectID: project, contractID: contract) { page in await collected.add(page.records) }
                    try add(await collected.records)
                }
            }
            return out
        }
        let client = self.client
        let lists = try await withThrowingTaskGroup(of: [ProcoreRecord].self) { group in
            for project in projects {
                group.addTask {
                    let collected = RecordCollector()
                    try await client.list(resource, projectID: project, updatedBetween: nil) { page in await collected.add(page.records) }
                    return await collected.records
                }
            }
            var lists: [[ProcoreRecord]] = []
            for try await records in group { lists.append(records) }
            return lists
        }
        for records in lists { try add(records) }
        return out
    }
}
