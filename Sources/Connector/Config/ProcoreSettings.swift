import Procore
import Vault

/// The `procore:` section of `connector.yml`.
public struct ProcoreSettings: Sendable, Equatable, CustomStringConvertible {
    /// `production`, `sandbox`, `monthly`, or `custom` (then both base URLs are given).
    public var environment: ProcoreEnvironment
    public var apiBaseURL: String
    public var authBaseURL: String
    public var companyID: Int64
    public var clientID: String
    /// The environment variable the client secret is read from.
    public var clientSecretVariable: String
    /// The client secret, read from ``clientSecretVariable``; nil when not required at load.
    /// Never printed.
    public var clientSecret: String?
    /// Where the secret is read from when ``clientSecret`` was not loaded (only `pull`, `run`
    /// and the webhooks ask for it, when they build the Procore client).
    public var clientSecretReference: SecretReference? = nil
    /// The vault next to the configuration, where the access token is kept between processes
    /// when that vault exists (``VaultTokenStore``).
    public var tokenVault: VaultLocation? = nil
    public var perPage: Int
    public var maxConcurrency: Int
    /// Only these projects, when set; otherwise every project of the company.
    public var projects: [Int64]?
    /// `payments_sweep`: how often every commitment's payments are listed (seconds, default 24 h);
    /// between sweeps a pull asks only the commitments that can have new payments.
    public var paymentsSweepSeconds: Int
    /// `payments_recheck`: how long a commitment with an approved requisition not fully paid
    /// waits after its last listing before it is asked again (seconds, default 1 h); a changed
    /// requisition is asked on the next pull whatever this says.
    public var paymentsRecheckSeconds: Int = 3600

    public init(environment: ProcoreEnvironment, apiBaseURL: String? = nil, authBaseURL: String? = nil,
                companyID: Int64, clientID: String, clientSecretVariable: String, clientSecret: String?,
                perPage: Int = 1000, maxConcurrency: Int = 4, projects: [Int64]? = nil, paymentsSweepSeconds: Int = 24 * 3600) {
        self.environment = environment
        self.apiBaseURL = apiBaseURL ?? environment.apiBaseURL
        self.authBaseURL = authBaseURL ?? environment.authBaseURL
        self.companyID = companyID
        self.clientID = clientID
        self.clientSecretVariable = clientSecretVariable
        self.clientSecret = clientSecret
        self.perPage = perPage
        self.maxConcurrency = maxConcurrency
        self.projects = projects
        self.paymentsSweepSeconds = paymentsSweepSeconds
    }

    /// The Procore client's configuration, reading the secret now when it was not loaded.
    /// - Throws: ``ConfigurationError`` naming the variable or vault entry when the secret is missing.
    public func clientConfiguration(file: String) throws(ConfigurationError) -> ProcoreConfiguration {
        let secret: String
        if let loaded = clientSecret, !loaded.isEmpty {
            secret = loaded
        } else if let reference = clientSecretReference {
            secret = try reference.resolve()
        } else {
            throw .missingSecret(file: file, key: "procore.client_secret_env", variable: clientSecretVariable)
        }
        var configuration = ProcoreConfiguration(environment: environment, companyID: companyID, clientID: clientID,
                                                 clientSecret: secret, apiBaseURL: apiBaseURL, authBaseURL: authBaseURL,
                                                 perPage: perPage, maxConcurrentRequests: maxConcurrency)
        configuration.tokenStore = tokenVault.flatMap(VaultTokenStore.available)
        return configuration
    }

    public var description: String {
        "procore(environment: \(environment.name), api: \(apiBaseURL), auth: \(authBaseURL), company: \(companyID), "
            + "client_id: \(clientID), client_secret: \(clientSecret == nil ? "<not loaded>" : "<redacted>") from $\(clientSecretVariable), "
            + "per_page: \(perPage), max_concurrency: \(maxConcurrency), projects: \(projects.map { "\($0)" } ?? "all"), payments_sweep: \(paymentsSweepSeconds) s, "
            + "payments_recheck: \(paymentsRecheckSeconds) s)"
    }
}
