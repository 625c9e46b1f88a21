import Procore

/// Live progress of a pull, for displays and logs. Delivered synchronously: handlers must be quick.
public enum PullEvent: Sendable {
    /// The run began; `scopes` (resource, scope) listings are planned per resource.
    case started(runID: String, scopes: [String: Int])
    /// A page of `resource` arrived: `received` records, of which `staged` were new or changed.
    case page(resource: String, scope: String, page: Int, received: Int, staged: Int, total: Int?)
    /// A (resource, scope) listing ended.
    case scopeFinished(resource: String, scope: String, status: PullScopeStatus)
    /// An event from the Procore client (rate-limit waits, retries, tokens).
    case procore(ProcoreEvent)
    /// The run ended.
    case finished(PullSummary)
}

/// How one (resource, scope) listing ended.
public enum PullScopeStatus: String, Sendable, Codable {
    case complete
    /// Procore answered 403: the service account lacks permission there.
    case forbidden
    /// Another error; the scope's cursor was not advanced, it is pulled again next time.
    case failed
}

/// Receives ``PullEvent``s.
public typealias PullEventHandler = @Sendable (PullEvent) -> Void
