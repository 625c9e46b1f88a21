/// The `schedule:` section of `connector.yml`: the cadence of each job of `ml-connector serve`
/// (or `off`) and where its health and metrics are served.
///
/// ```yaml
/// schedule:
///   listen: 127.0.0.1:9464     # GET /healthz and GET /metrics (keep it private)
///   commitments: 15m
///   requisitions: "06:00,12:00,18:00"
///   full: "mon-fri 18:30"
///   payments: off
/// ```
public struct ServeSettings: Sendable, Equatable {
    /// The jobs that run (those set `off` are left out), in the order they are checked.
    public var jobs: [ServeJob]
    /// Interface and port of `/healthz` and `/metrics` (0: a free port).
    public var host: String
    public var port: Int
    /// How often the agent is asked for its status; `/healthz` is ready only when it answered
    /// within three of these.
    public var healthCheckSeconds: Int

    /// The keys the section may hold.
    public static var keys: [String] { ServeJob.names + ["listen", "health_check_s"] }

    public init(jobs: [ServeJob] = ServeJob.defaults, host: String = "127.0.0.1", port: Int = 9464, healthCheckSeconds: Int = 60) {
        self.jobs = jobs
        self.host = host
        self.port = port
        self.healthCheckSeconds = healthCheckSeconds
    }
}
