/// Everything the Procore client needs to connect: hosts, company, credentials and tuning.
///
/// The client secret never appears in `description`, `debugDescription` or `dump()` output.
public struct ProcoreConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    /// Which installation; supplies the default hosts.
    public var environment: ProcoreEnvironment
    /// REST API base URL, e.g. `https://api.procore.com` (defaults from `environment`).
    public var apiBaseURL: String
    /// OAuth base URL, e.g. `https://login.procore.com` (defaults from `environment`).
    public var authBaseURL: String
    /// The company every call acts for; sent as `Procore-Company-Id`.
    public var companyID: Int64
    /// The Developer Managed Service Account's client id.
    public var clientID: String
    /// The DMSA's client secret. Never printed.
    public var clientSecret: String
    /// Records per page requested from list endpoints (Procore recommends at most 2000).
    public var perPage: Int
    /// Requests in flight at once, across all callers of one client.
    public var maxConcurrentRequests: Int
    /// Retries of transient failures.
    public var retry: RetryPolicy
    /// A token is renewed this long before it expires (at most a tenth of its lifetime before).
    public var tokenRenewalMargin: Duration
    /// Requests kept in hand below the server's rate limit: pacing starts when `Remaining`
    /// comes close to this reserve, so it never reaches zero.
    public var rateLimitReserve: Int
    /// Total time allowed for one HTTP exchange.
    public var requestTimeout: Duration
    /// Also list deleted records (`filters[include_deleted]=with`) where the endpoint supports
    /// it, so deletions after posting can be detected. Off by default.
    public var includeDeleted: Bool
    /// Bytes of list pages held in memory at once across all listings in flight (a page is
    /// held from its arrival until its handler returns). A listing waits for room before
    /// fetching its next page; a single page larger than this still goes through, alone.
    public var listPageBudget: Int
    /// Where the access token is kept between processes (nil: in memory only).
    public var tokenStore: (any AccessTokenStore)? = nil

    /// - Parameters:
    ///   - apiBaseURL: overrides the environment's API host (required sense for `.custom`).
    ///   - authBaseURL: overrides the environment's auth host.
    public init(environment: ProcoreEnvironment = .production,
                companyID: Int64,
                clientID: String,
                clientSecret: String,
                apiBaseURL: String? = nil,
                authBaseURL: String? = nil,
                perPage: Int = 1000,
                maxConcurrentRequests: Int = 4,
                retry: RetryPolicy = RetryPolicy(),
                tokenRenewalMargin: Duration = .seconds(300),
                rateLimitReserve: Int = 2,
                requestTimeout: Duration = .seconds(60),
                includeDeleted: Bool = false,
                listPageBudget: Int = 8 << 20) {
        self.environment = environment
        self.apiBaseURL = Self.trimmed(apiBaseURL ?? environment.apiBaseURL)
        self.authBaseURL = Self.trimmed(authBaseURL ?? environment.authBaseURL)
        self.companyID = companyID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.perPage = perPage
        self.maxConcurrentRequests = maxConcurrentRequests
        self.retry = retry
        self.tokenRenewalMargin = tokenRenewalMargin
        self.rateLimitReserve = rateLimitReserve
        self.requestTimeout = requestTimeout
        self.includeDeleted = includeDeleted
        self.listPageBudget = listPageBudget
    }

    /// Checks the settings and says what to fix.
    public func validate() throws(ProcoreError) {
        func bad(_ field: String, _ reason: String) -> ProcoreError {
            .invalidConfiguration(field: field, reason: reason)
        }
        for (field, url) in [("api_base_url", apiBaseURL), ("auth_base_url", authBaseURL)] {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw bad(field, "'\(url)' is not an http(s) URL; set it to e.g. https://api.procore.com")
            }
        }
        if companyID <= 0 { throw bad("company_id", "must be a positive Procore company id, got \(companyID)") }
        if clientID.isEmpty { throw bad("client_id", "is empty; set the DMSA client id") }
        if clientSecret.isEmpty { throw bad("client_secret", "is empty; provide the DMSA client secret") }
        if !(1...10_000).contains(perPage) { throw bad("per_page", "must be 1...10000 (Procore recommends <= 2000), got \(perPage)") }
        if !(1...64).contains(maxConcurrentRequests) {
            throw bad("max_concurrency", "must be 1...64, got \(maxConcurrentRequests)")
        }
        if listPageBudget < 0 { throw bad("list_page_budget", "must be >= 0 bytes, got \(listPageBudget)") }
        if rateLimitReserve < 0 { throw bad("rate_limit_reserve", "must be >= 0, got \(rateLimitReserve)") }
    }

    private static func trimmed(_ url: String) -> String {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }

    public var description: String {
        "ProcoreConfiguration(environment: \(environment.name), api: \(apiBaseURL), auth: \(authBaseURL), "
            + "company: \(companyID), client_id: \(clientID), client_secret: <redacted>, per_page: \(perPage), "
            + "max_concurrency: \(maxConcurrentRequests))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "environment": environment, "apiBaseURL": apiBaseURL, "authBaseURL": authBaseURL,
            "companyID": companyID, "clientID": clientID, "clientSecret": "<redacted>",
            "perPage": perPage, "maxConcurrentRequests": maxConcurrentRequests, "retry": retry,
            "tokenRenewalMargin": tokenRenewalMargin, "rateLimitReserve": rateLimitReserve,
            "requestTimeout": requestTimeout, "includeDeleted": includeDeleted,
            "listPageBudget": listPageBudget,
        ])
    }
}
