/// A worker's hold on one company's work: while it runs (the store's clock before
/// ``expiresAt``), no other worker pulls, transforms or posts for that company.
///
/// ``generation`` goes up by one each time the lease passes to another owner. A post checks
/// it under the company's post lock, so a worker whose lease was taken over while it was
/// paused cannot post on the strength of the old one (a fencing token).
public struct CompanyLease: Sendable, Hashable, CustomStringConvertible {
    /// The company's name in the tenants file.
    public let company: String
    /// The worker holding it (``WorkerIdentity``).
    public let owner: String
    /// 1 for the first owner, then one more for each takeover.
    public let generation: Int64
    /// When the lease runs out unless renewed: milliseconds since 1970 on the store's clock.
    public let expiresAt: Int64

    /// The worker that held the company before this generation and never released it (it died
    /// or stopped renewing): its cycle may have been cut off mid-post, so the new owner
    /// settles with the agent and finishes it. Nil after a release or for the first owner.
    public let abandonedBy: String?

    public init(company: String, owner: String, generation: Int64, expiresAt: Int64, abandonedBy: String? = nil) {
        self.company = company
        self.owner = owner
        self.generation = generation
        self.expiresAt = expiresAt
        self.abandonedBy = abandonedBy
    }

    public var description: String { "\(company) held by \(owner) (generation \(generation))" }
}
