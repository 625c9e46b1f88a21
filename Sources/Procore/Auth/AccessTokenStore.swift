/// Where an access token is kept between processes, so every process of one installation (cron
/// runs, `serve`, a `pull` by hand) uses one token per expiry instead of asking for its own.
/// The connector keeps it encrypted in its vault; without a store the token lives in memory.
public protocol AccessTokenStore: Sendable {
    /// The stored token, if any (whoever stored it: check ``StoredAccessToken/clientID``).
    func load() async -> StoredAccessToken?
    /// Keeps `token`, replacing the one stored.
    func save(_ token: StoredAccessToken) async
    /// Forgets the stored token when its value is `value` (Procore refused it with 401).
    func clear(ifValue value: String) async
    /// Runs `body` holding a lock every process sharing the store respects, so one process
    /// renews at a time and the others find its token when they get the lock.
    func whileRenewing<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T
}

/// An access token as a store keeps it: the bearer value, when it was issued and for how long,
/// and for which client and token URL (a token of another client or installation is not used).
public struct StoredAccessToken: Codable, Sendable, Equatable {
    public var value: String
    /// Unix seconds.
    public var issuedAt: Double
    public var expiresIn: Int
    public var clientID: String
    public var tokenURL: String

    public init(value: String, issuedAt: Double, expiresIn: Int, clientID: String, tokenURL: String) {
        self.value = value
        self.issuedAt = issuedAt
        self.expiresIn = expiresIn
        self.clientID = clientID
        self.tokenURL = tokenURL
    }

    enum CodingKeys: String, CodingKey {
        case value, issuedAt = "issued_at", expiresIn = "expires_in", clientID = "client_id", tokenURL = "token_url"
    }
}
