import Foundation
import HTTP
import Logging

/// The Procore REST client: OAuth client credentials, `Procore-Company-Id` on every call,
/// `Link`-driven pagination, rate-limit pacing, bounded concurrency and retries.
///
/// Records come back raw (``ProcoreRecord``), byte for byte as Procore sent them.
public final class ProcoreClient: ProcoreSource {
    /// The settings in use.
    public let configuration: ProcoreConfiguration
    /// The token cache (exposed for inspection in tests and diagnostics).
    public let tokens: TokenProvider
    /// The pacer shared by every request of this client.
    public let rateLimiter: RateLimiter
    private let http: any HTTPClient
    private let gate: AsyncSemaphore
    private let pageBudget: ListPageBudget
    private let counters = Locked(ProcoreClientMetrics())
    private let eventHandler: Locked<ProcoreEventHandler?>
    private let logger: Logger

    /// A client over any ``HTTPClient`` (the libcurl one in production, loopback in tests).
    ///
    /// - Parameters:
    ///   - onEvent: live progress (pages, waits, retries, tokens); called on the requesting task.
    public init(configuration: ProcoreConfiguration, http: any HTTPClient,
                logger: Logger = Logger(label: "ml-connector.procore"),
                onEvent: ProcoreEventHandler? = nil) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
        self.gate = AsyncSemaphore(limit: configuration.maxConcurrentRequests)
        self.pageBudget = ListPageBudget(limit: configuration.listPageBudget)
        // List page bodies are megabytes: have them returned to the system when freed.
        LargeBufferAllocation.returnToSystemWhenFreed()
        self.rateLimiter = RateLimiter(reserve: configuration.rateLimitReserve)
        let counters = self.counters
        let handler = Locked<ProcoreEventHandler?>(onEvent)
        self.eventHandler = handler
        self.tokens = TokenProvider(configuration: configuration, http: http, onIssued: { token in
            counters.withLock { $0.tokensIssued += 1 }
            let h = handler.withLock { $0 }
            h?(.tokenIssued(expiresIn: token.expiresIn))
        })
    }

    /// A client over a new ``CurlHTTPClient`` sized to `configuration.maxConcurrentRequests`.
    public convenience init(configuration: ProcoreConfiguration,
                            logger: Logger = Logger(label: "ml-connector.procore"),
                            onEvent: ProcoreEventHandler? = nil) {
        let http = CurlHTTPClient(configuration: HTTPClientConfiguration(
            timeout: configuration.requestTimeout,
            maxConcurrentRequests: configuration.maxConcurrentRequests))
        self.init(configuration: configuration, http: http, logger: logger, onEvent: onEvent)
    }

    /// Replaces the progress handler (nil to stop receiving events).
    public func setEventHandler(_ handler: ProcoreEventHandler?) {
        eventHandler.withLock { $0 = handler }
    }

    public var metrics: ProcoreClientMetrics {
        get async { counters.withLock { $0 } }
    }

    // MARK: ProcoreSource

    public func companies() async throws -> [Company] {
        let path = "/rest/v1.0/companies"
        var out: [Company] = []
        try await pages(startURL: url(path, [("per_page", String(configuration.perPage))]), endpoint: path, projectID: nil) { records, _, _ in
            for r in records { out.append(try r.decode(Company.self, resource: "companies")) }
        }
        return out
    }

    public func projects() async throws -> [ProcoreRecord] {
        let collected = Locked<[ProcoreRecord]>([])
        try await list(.projects, projectID: nil, updatedBetween: nil) { page in
            collected.withLock { $0 += page.records }
        }
        return collected.withLock { $0 }
    }

    public func list(_ resource: ProcoreResource, projectID: Int64?, updatedBetween: (String, String)?,
                     onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        if resource.listedPerCommitment {
            throw ProcoreError.invalidConfiguration(field: "contract_id",
                reason: "is required to list \(resource.stagedName): list it per commitment (list(_:projectID:contractID:onPage:))")
        }
        try await list(resource, projectID: projectID, contractID: nil, updatedBetween: updatedBetween, onPage: onPage)
    }

    public func list(_ resource: ProcoreResource, projectID: Int64, contractID: Int64,
                     onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        try await list(resource, projectID: projectID, contractID: Optional(contractID), updatedBetween: nil, onPage: onPage)
    }

    private func list(_ resource: ProcoreResource, projectID: Int64?, contractID: Int64?, updatedBetween: (String, String)?,
                      onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        let scopeProject = try scopedProject(resource, projectID)
        // line_item_types is company-wide, but its spec requires a project_id too
        let queryProject = resource == .lineItemTypes ? projectID : scopeProject
        let (path, scopeQuery) = resource.listPath(companyID: configuration.companyID, projectID: queryProject, contractID: contractID)
        var query = scopeQuery
        if let (from, to) = updatedBetween, resource.supportsUpdatedAtFilter {
            query.append(("filters[updated_at]", "\(from)...\(to)"))
        }
        if configuration.includeDeleted, resource.supportsIncludeDeleted {
            query.append(("filters[include_deleted]", "with"))
        }
        query.append(("page", "1"))
        query.append(("per_page", String(configuration.perPage)))
        try await pages(startURL: url(path, query), endpoint: path, projectID: scopeProject,
                        budget: resource.stagedName) { records, page, total in
            self.emit(.pageFetched(resource: resource, projectID: scopeProject, page: page, records: records.count, total: total))
            try await onPage(ProcorePage(resource: resource, projectID: scopeProject, records: records, page: page, total: total))
        }
    }

    public func children(_ resource: ProcoreResource, parentID: Int64, projectID: Int64?) async throws -> [String: [ProcoreRecord]] {
        var out: [String: [ProcoreRecord]] = [:]
        for child in resource.children {
            let path = child.path(parentID: parentID)
            var query: [(String, String)] = []
            if let projectID { query.append(("project_id", String(projectID))) }
            query.append(("page", "1"))
            query.append(("per_page", String(configuration.perPage)))
            var records: [ProcoreRecord] = []
            try await pages(startURL: url(path, query), endpoint: path, projectID: projectID) { page, _, _ in
                records += page
            }
            out[child.name] = records
            emit(.childrenFetched(resource: resource, parentID: parentID, records: records.count))
        }
        return out
    }

    public func get(_ resource: ProcoreResource, id: Int64, projectID: Int64?) async throws -> ProcoreRecord {
        if resource.listedPerCommitment {
            // the show and list endpoints both require contract_id, which an id alone does not give
            throw ProcoreError.invalidConfiguration(field: "contract_id",
                reason: "is required to read \(resource.stagedName) \(id): list its commitment's payments instead")
        }
        let scopeProject = try scopedProject(resource, projectID)
        if let (path, query) = resource.recordPath(id: id, companyID: configuration.companyID, projectID: scopeProject) {
            let response = try await send(url(path, query), endpoint: path, projectID: scopeProject)
            do {
                return try ProcoreJSONSplitter.record(ofObject: response.body)
            } catch {
                throw ProcoreError.invalidResponse(endpoint: path, project: scopeProject, reason: error.description)
            }
        }
        let (path, scopeQuery) = resource.listPath(companyID: configuration.companyID, projectID: scopeProject)
        let response = try await send(url(path, scopeQuery + [("filters[id]", String(id))]), endpoint: path, projectID: scopeProject)
        let records: [ProcoreRecord]
        do { records = try ProcoreJSONSplitter.records(of: response.body) } catch {
            throw ProcoreError.invalidResponse(endpoint: path, project: scopeProject, reason: error.description)
        }
        guard let record = records.first(where: { $0.id == id }) else {
            throw ProcoreError.notFound(endpoint: path, project: scopeProject, message: "\(resource.stagedName) \(id) is not in the list")
        }
        return record
    }

    // MARK: Plumbing

    private func scopedProject(_ resource: ProcoreResource, _ projectID: Int64?) throws(ProcoreError) -> Int64? {
        switch resource.scope {
        case .company: return nil
        case .project:
            guard let projectID else {
                throw .invalidConfiguration(field: "project_id", reason: "is required to list \(resource.stagedName) (a project-scoped resource)")
            }
            return projectID
        }
    }

    /// An absolute API URL with an encoded query.
    func url(_ path: String, _ query: [(String, String)]) -> String {
        let base = configuration.apiBaseURL + path
        return query.isEmpty ? base : base + "?" + FormEncoding.encode(query)
    }

    /// Follows `Link: rel="next"` from `startURL` until there is none, handing each page over.
    /// With a `budget` key (listings), each page waits for room in ``ListPageBudget`` before
    /// it is fetched and counts against it until `handle` returns. Child lists (small, and
    /// fetched while their parents' page is held) and listings nested in a page's handler
    /// bypass the budget.
    func pages(startURL: String, endpoint: String, projectID: Int64?, budget key: String? = nil,
                       _ handle: ([ProcoreRecord], Int, Int?) async throws -> Void) async throws {
        let budget = Self.handlingListPage ? nil : key.map { (key: $0, limiter: pageBudget) }
        var next: String? = startURL
        var page = 0
        var seen: Set<String> = []
        while let current = next {
            guard seen.insert(current).inserted else {
                throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                                   reason: "Link rel=\"next\" returns to a page already read (\(current)); stopping to avoid a loop")
            }
            page += 1
            let reservation = await budget?.limiter.admit(budget!.key)
            let fetched: ([ProcoreRecord], Int?, String?)
            do {
                fetched = try await fetchPage(current, page: page, endpoint: endpoint, projectID: projectID)
            } catch {
                if let budget, let reservation { await budget.limiter.abandoned(reservation) }
                throw error
            }
            let (records, total, following) = fetched
            counters.withLock {
                $0.pages += 1
                $0.records += records.count
            }
            guard let budget, let reservation else {
                try await handle(records, page, total)
                next = following
                continue
            }
            let bytes = records.reduce(0) { $0 + $1.raw.count }
            await budget.limiter.received(reservation, bytes: bytes, key: budget.key)
            do {
                try await Self.$handlingListPage.withValue(true) { try await handle(records, page, total) }
            } catch {
                await budget.limiter.release(bytes)
                throw error
            }
            await budget.limiter.release(bytes)
            next = following
        }
    }

    /// True inside a list page's handler (its budget is already held).
    @TaskLocal private static var handlingListPage = false

    /// One page: its records, the `Total` header and the `Link: rel="next"` URL. The response
    /// body is released on return, so a page is held once (as its records) while it is handled.
    private func fetchPage(_ url: String, page: Int, endpoint: String,
                           projectID: Int64?) async throws -> ([ProcoreRecord], Int?, String?) {
        let response = try await send(url, endpoint: endpoint, projectID: projectID)
        let records: [ProcoreRecord]
        do { records = try ProcoreJSONSplitter.records(of: response.body) } catch {
            throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID, reason: "page \(page): \(error.description)")
        }
        let total = response.headers["Total"].flatMap { Int($0.trimmedDigits) }
        let next = LinkHeader.url(rel: "next", in: response.headers.all("Link")).map(absolute)
        // The bearer token goes only to the configured API: a next page elsewhere (another host,
        // port or scheme) is refused, never requested.
        if let next, let foreign = Self.foreignOrigin(next, of: configuration.apiBaseURL) {
            throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                               reason: "page \(page): Link rel=\"next\" points at \(foreign), not at the configured API \(Self.origin(configuration.apiBaseURL) ?? configuration.apiBaseURL); the page is not requested (the access token would go there)")
        }
        return (records, total, next)
    }

    /// `scheme://host:port` of a URL (default ports spelled out, host in lower case).
    static func origin(_ url: String) -> String? {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), let host = c.host?.lowercased(), !host.isEmpty else {
            return nil
        }
        let port = c.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }

    /// The origin of `url` when it is not the origin of `base` (or cannot be read), else nil.
    static func foreignOrigin(_ url: String, of base: String) -> String? {
        let there = origin(url)
        if let there, there == origin(base) { return nil }
        return there ?? "'\(url.prefix(80))'"
    }

    private func absolute(_ link: String) -> String {
        if link.hasPrefix("http://") || link.hasPrefix("https://") { return link }
        if link.hasPrefix("//") {  // a network-path reference: another host, the API's scheme
            return (URLComponents(string: configuration.apiBaseURL)?.scheme ?? "https") + ":" + link
        }
        if link.hasPrefix("/") { return configuration.apiBaseURL + link }
        return configuration.apiBaseURL + "/" + link
    }

    private func emit(_ event: ProcoreEvent) {
        let handler = eventHandler.withLock { $0 }
        handler?(event)
    }

    private func count(_ update: (inout ProcoreClientMetrics) -> Void) {
        counters.withLock { update(&$0) }
    }

    /// Sends one request with auth, pacing, concurrency bound and retries; answers a 2xx response
    /// or throws ``ProcoreError``. A GET is retried on any transient failure. A write (`body`
    /// set, method not GET) is sent again only when Procore cannot have acted on it (429, 503
    /// with Retry-After, a connection never made): after a timeout, a dropped connection or
    /// another 5xx it throws, and ``ProcoreError/outcomeUnknown`` tells the caller to settle
    /// (look the record up) before sending it again.
    func send(_ url: String, endpoint: String, projectID: Int64?, method: HTTPMethod = .get, body: Data? = nil,
              extraHeaders: [(String, String)] = []) async throws -> HTTPResponse {
        let writes = method != .get
        let policy = configuration.retry
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        var rateLimitWaits = 0
        var renewedAfter401 = false
        var lastFailure = ""

        func retryAfterBackoff(_ failure: String) async throws {
            lastFailure = failure
            guard attempt < policy.maxAttempts else {
                throw ProcoreError.retriesExhausted(endpoint: endpoint, project: projectID, attempts: attempt, lastFailure: failure)
            }
            let wait = policy.backoff(forRetry: attempt, using: &generator)
            attempt += 1
            count { $0.retries += 1 }
            emit(.retrying(endpoint: endpoint, attempt: attempt, reason: failure))
            if wait > .zero {
                emit(.waiting(seconds: wait.seconds, reason: .backoff, endpoint: endpoint))
                try await Task.sleep(for: wait)
            }
        }

        while true {
            try Task.checkCancellation()
            await gate.acquire()
            let permit = await rateLimiter.permit()
            let response: HTTPResponse
            // Taken after the waits for a slot and for pacing, right before sending, so a token
            // never expires while its request waits in line.
            var token: AccessToken?
            do {
                if permit.delay > 0 {
                    let reason = permit.reason ?? .pacing
                    if reason == .pacing {
                        count {
                            $0.waitsForPacing += 1
                            $0.pacingWaitSeconds += permit.delay
                        }
                    }
                    emit(.waiting(seconds: permit.delay, reason: reason, endpoint: endpoint))
                    try await Task.sleep(for: .seconds(permit.delay))
                }
                let current = try await tokens.token()
                token = current
                var headers = HTTPHeaders()
                headers.add("Authorization", "Bearer \(current.value)")
                headers.add("Procore-Company-Id", String(configuration.companyID))
                headers.add("Accept", "application/json")
                if body != nil { headers.add("Content-Type", "application/json") }
                for (name, value) in extraHeaders { headers.add(name, value) }
                let request = HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: configuration.requestTimeout)
                count { $0.requests += 1 }
                logger.trace("\(method.rawValue) \(endpoint)", metadata: ["project": "\(projectID.map(String.init) ?? "-")"])
                response = try await http.send(request)
            } catch let error as HTTPError {
                await rateLimiter.abandon(permit.sequence)
                await gate.release()
                guard error.isRetryable, !(writes && error.outcomeUnknown) else {
                    throw ProcoreError.transport(endpoint: endpoint, project: projectID, error: error)
                }
                try await retryAfterBackoff(error.description)
                continue
            } catch {
                await rateLimiter.abandon(permit.sequence)
                await gate.release()
                throw error
            }
            await rateLimiter.observe(permit.sequence, headers: response.headers)
            await gate.release()

            let status = response.status
            switch status {
            case 200..<300:
                return response
            case 401:
                guard !renewedAfter401 else {
                    throw ProcoreError.unauthorized(endpoint: endpoint, project: projectID,
                                                    message: ProcoreMessage.extract(from: response))
                }
                renewedAfter401 = true
                if let token { await tokens.invalidate(token) }
                count { $0.retries += 1 }
                emit(.retrying(endpoint: endpoint, attempt: attempt, reason: "401 Unauthorized: renewing the access token"))
            case 403:
                logger.debug("403 Forbidden", metadata: ["endpoint": "\(endpoint)", "project": "\(projectID.map(String.init) ?? "-")"])
                throw ProcoreError.forbidden(project: projectID, endpoint: endpoint)
            case 404:
                throw ProcoreError.notFound(endpoint: endpoint, project: projectID, message: ProcoreMessage.extract(from: response))
            case 429:
                count {
                    $0.rateLimited += 1
                    $0.retries += 1
                }
                rateLimitWaits += 1
                lastFailure = "429 Too Many Requests"
                guard rateLimitWaits <= policy.maxRateLimitWaits else {
                    throw ProcoreError.retriesExhausted(endpoint: endpoint, project: projectID, attempts: attempt + rateLimitWaits - 1,
                                                        lastFailure: lastFailure)
                }
                let retryAfter = response.headers["Retry-After"].flatMap { Double($0.trimmedDigits) }
                await rateLimiter.rejected(retryAfter: retryAfter, headers: response.headers)
                emit(.retrying(endpoint: endpoint, attempt: attempt, reason: lastFailure))
                // The wait happens in the next permit (reported there as .rateLimited), shared by every caller.
            case 503:
                count { $0.unavailable += 1 }
                if let retryAfter = response.headers["Retry-After"].flatMap({ Double($0.trimmedDigits) }) {
                    rateLimitWaits += 1
                    lastFailure = "503 Service Unavailable"
                    guard rateLimitWaits <= policy.maxRateLimitWaits else {
                        throw ProcoreError.retriesExhausted(endpoint: endpoint, project: projectID, attempts: attempt + rateLimitWaits - 1,
                                                            lastFailure: lastFailure)
                    }
                    count { $0.retries += 1 }
                    let wait = min(max(retryAfter, 0), 300) + Double.random(in: 0...0.25, using: &generator)
                    emit(.retrying(endpoint: endpoint, attempt: attempt, reason: lastFailure))
                    emit(.waiting(seconds: wait, reason: .unavailable, endpoint: endpoint))
                    try await Task.sleep(for: .seconds(wait))
                } else if writes {
                    throw ProcoreError.http(status: status, endpoint: endpoint, project: projectID,
                                            message: ProcoreMessage.extract(from: response))
                } else {
                    try await retryAfterBackoff("503 Service Unavailable")
                }
            case 500...599 where writes:
                throw ProcoreError.http(status: status, endpoint: endpoint, project: projectID,
                                        message: ProcoreMessage.extract(from: response))
            case 500...599:
                try await retryAfterBackoff("HTTP \(status)")
            default:
                throw ProcoreError.http(status: status, endpoint: endpoint, project: projectID,
                                        message: ProcoreMessage.extract(from: response))
            }
        }
    }
}
