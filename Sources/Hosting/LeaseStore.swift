/// Where workers record who works for which company: the seam between the hosted mode's
/// workers and the database they share.
///
/// Implementations: ``SQLLeaseStore`` over SQLite (``SQLiteLeaseDatabase``, workers on one
/// machine) or PostgreSQL (``PostgresLeaseDatabase``, workers on any number of machines), and
/// ``InMemoryLeaseStore`` for unit tests. All pass the one behaviour suite in HostingTests.
///
/// Time is the store's own clock (milliseconds since 1970), so workers on machines whose
/// clocks disagree still agree on when a lease runs out.
public protocol LeaseStore: Sendable {
    /// Takes `company` for `owner` until `duration` from now, when it is free, ran out, or is
    /// already `owner`'s (then it is extended, same generation). Nil while another worker holds it.
    func acquire(company: String, owner: String, for duration: Duration) async throws -> CompanyLease?

    /// Extends `lease` to `duration` from now. Throws ``LeaseError/lost(company:owner:generation:)``
    /// when another worker has taken the company over since.
    func renew(_ lease: CompanyLease, for duration: Duration) async throws -> CompanyLease

    /// Gives the company up at once (another worker may take it now). Does nothing when the
    /// lease already passed to another worker.
    func release(_ lease: CompanyLease) async throws

    /// The worker holding `company` now, or nil when nobody does.
    func holder(of company: String) async throws -> CompanyLease?

    /// Runs `body` (a post to the company's Sage) while holding the company's post lock, after
    /// checking that `lease` is still current. Two bodies for one company never overlap, in
    /// this process or any other; a worker that dies releases the lock with its connection or
    /// file. Throws ``LeaseError/lost(company:owner:generation:)`` without running `body` when
    /// the lease ran out or passed to another worker.
    func withPostLock<T: Sendable>(_ lease: CompanyLease, _ body: @Sendable () async throws -> T) async throws -> T

    /// The companies whose holder neither renewed nor released its lease before it ran out
    /// (the worker died or hung): another worker should take them over.
    func abandoned() async throws -> [String]

    /// The audit of every lease taken and given up for `company`, oldest first.
    func events(for company: String) async throws -> [LeaseEvent]

    /// Closes the store's connections.
    func close() async
}

/// One line of the lease audit (append-only in the database).
public struct LeaseEvent: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// A worker took the company: generation 1 the first time, higher after a takeover
        /// or a release.
        case acquired
        /// The worker gave the company up.
        case released
    }
    public let company: String
    public let owner: String
    public let generation: Int64
    public let kind: Kind
    /// Milliseconds since 1970 on the store's clock.
    public let at: Int64

    public init(company: String, owner: String, generation: Int64, kind: Kind, at: Int64) {
        self.company = company
        self.owner = owner
        self.generation = generation
        self.kind = kind
        self.at = at
    }
}

extension Duration {
    /// Whole milliseconds (rounded down), as the stores keep time.
    var leaseMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
