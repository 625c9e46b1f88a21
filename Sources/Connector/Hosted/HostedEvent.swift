/// What a hosted worker reports while it runs, for the terminal and the log.
public enum HostedEvent: Sendable {
    /// The worker started and serves these tenants.
    case ready(worker: String, tenants: Int, store: String)
    /// The worker took a company's lease; `abandonedBy` names the worker that died holding it.
    case took(company: String, generation: Int64, abandonedBy: String?)
    /// A job of the company finished.
    case jobFinished(company: String, job: String, exitCode: Int32, headline: String, seconds: Double)
    /// The worker gave the company up.
    case released(company: String)
    /// The lease passed to another worker while this one worked; it stopped writing.
    case lost(company: String)
    /// The company could not be served (its configuration, its ledger); the others go on.
    case tenantFailed(company: String, message: String)
    /// `--until-idle`: no company has work left and no worker holds one.
    case idle
}
