/// Live progress from a client, for displays and logs. Delivered synchronously on the
/// calling task: handlers must be quick and must not block.
public enum ProcoreEvent: Sendable {
    /// A list page arrived.
    case pageFetched(resource: ProcoreResource, projectID: Int64?, page: Int, records: Int, total: Int?)
    /// Children of one parent arrived.
    case childrenFetched(resource: ProcoreResource, parentID: Int64, records: Int)
    /// A request is waiting before being sent. `reason` says why.
    case waiting(seconds: Double, reason: WaitReason, endpoint: String)
    /// A request is sent again after a transient failure.
    case retrying(endpoint: String, attempt: Int, reason: String)
    /// A new access token was obtained.
    case tokenIssued(expiresIn: Int)

    /// Why a request waited.
    public enum WaitReason: String, Sendable {
        /// Spacing requests so the rate limit is never exhausted.
        case pacing
        /// The server answered 429 Too Many Requests.
        case rateLimited
        /// The server answered 503 Service Unavailable.
        case unavailable
        /// Backoff after a server error or transport failure.
        case backoff
    }
}

/// Receives ``ProcoreEvent``s.
public typealias ProcoreEventHandler = @Sendable (ProcoreEvent) -> Void
