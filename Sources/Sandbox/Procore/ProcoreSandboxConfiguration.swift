/// How a ``ProcoreSandbox`` behaves: where it listens, what data it generates, and which
/// production failure modes (rate limits, outages, latency, forbidden projects) it imitates.
public struct ProcoreSandboxConfiguration: Sendable {
    /// Interface to bind. Only loopback makes sense for a sandbox.
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free port (read it back from ``ProcoreSandbox/port``).
    public var port = 0
    /// Seed of the data generator and of the random 503s: same seed, same data, byte for byte.
    public var seed: UInt64 = 42
    /// Number of projects in the company.
    public var projects = 5
    /// Roughly how many records each project holds across all resources.
    public var recordsPerProject = 200
    /// Lifetime of an access token (Procore: 5400 s).
    public var tokenTTL: Duration = .seconds(5400)
    /// Requests allowed per client per hour; `nil` means no hourly limit (the rate-limit
    /// headers then report a nominal 1,000,000 per hour).
    public var hourlyLimit: Int? = nil
    /// Requests allowed per client per 10 seconds; `nil` means no spike limit.
    public var spikeLimit: Int? = nil
    /// Share (0...1) of API requests answered `503` with `Retry-After: 1`, drawn from the seed.
    public var failRate: Double = 0
    /// Delay added before every answer.
    public var latency: Duration = .zero
    /// The last N projects are outside the service account's permissions and answer `403`.
    public var forbidProjects = 0
    /// OAuth client id the sandbox accepts.
    public var clientID = "sandbox-client"
    /// OAuth client secret the sandbox accepts.
    public var clientSecret = "sandbox-secret"
    /// Id of the one company the service account belongs to.
    public var companyID: Int64 = 4_264_807
    /// Scales the webhook retry schedule (Procore: 1 s doubling up to 1 h, discarded after 12 h);
    /// 0.01 makes the first retry wait 10 ms, for tests.
    public var webhookRetryScale: Double = 1
    /// Delivers every webhook event twice (delivery is at least once), for tests.
    public var webhookDuplicates = false
    /// Share (0...1) of webhook deliveries lost without a trace (never sent, never retried),
    /// drawn from the seed: what polling must make up for.
    public var webhookDropRate: Double = 0
    /// How long a webhook destination has to answer (Procore: 5 s).
    public var webhookTimeout: Duration = .seconds(5)
    /// Answers every successful API read as a hostile peer would (one of
    /// ``HostileAnswer/procore``); nil answers as Procore does.
    public var hostile: HostileAnswer? = nil

    public init(host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = 42, projects: Int = 5,
                recordsPerProject: Int = 200, tokenTTL: Duration = .seconds(5400),
                hourlyLimit: Int? = nil, spikeLimit: Int? = nil, failRate: Double = 0,
                latency: Duration = .zero, forbidProjects: Int = 0,
                clientID: String = "sandbox-client", clientSecret: String = "sandbox-secret",
                companyID: Int64 = 4_264_807) {
        self.host = host
        self.port = port
        self.seed = seed
        self.projects = projects
        self.recordsPerProject = recordsPerProject
        self.tokenTTL = tokenTTL
        self.hourlyLimit = hourlyLimit
        self.spikeLimit = spikeLimit
        self.failRate = failRate
        self.latency = latency
        self.forbidProjects = forbidProjects
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.companyID = companyID
    }
}
