/// What went wrong with a company lease or the store that keeps them, and what to do.
public enum LeaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The lease ran out or another worker took it over: stop working for the company.
    case lost(company: String, owner: String, generation: Int64)
    /// The store's location could not be read (`leases.store` in the tenants file).
    case badStoreLocation(String, reason: String)
    /// The store refused or could not be reached.
    case store(String, reason: String)
    /// The database refused to change or delete an audit row (it is append-only).
    case auditIsAppendOnly

    public var description: String {
        switch self {
        case let .lost(company, owner, generation):
            return "the lease on \(company) (generation \(generation)) is no longer \(owner)'s: it ran out or another worker took it over; this worker stops working for \(company) and leaves it to the new holder"
        case let .badStoreLocation(location, reason):
            return "cannot use \(location) as the lease store: \(reason). Give a file path (SQLite, for workers on one machine) or postgres://user@host:port/database (PostgreSQL, for workers on several)"
        case let .store(location, reason):
            return "the lease store \(location) failed: \(reason). Check that it is reachable and that this user may write to it, then retry"
        case .auditIsAppendOnly:
            return "the lease audit is append-only: the database refused to change or delete a row"
        }
    }
}
