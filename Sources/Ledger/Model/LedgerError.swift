/// What went wrong in the ledger, with what to do about it.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ledger file could not be opened or migrated.
    case openFailed(path: String, reason: String)
    /// A record was asked to move to a state its current state does not allow.
    case illegalTransition(recordID: Int64, from: RecordState, to: RecordState)
    /// No record with this id.
    case recordNotFound(recordID: Int64)
    /// No run with this id.
    case runNotFound(RunID)
    /// The identity map already pairs one side with something else.
    case identityConflict(company: String, resource: String, procoreID: Int64, sageKey: String, existing: String)
    /// A record with the same idempotency key exists already.
    case duplicateIdempotencyKey(String)
    /// The audit trail is append-only; the database refused a change or deletion.
    case auditIsAppendOnly
    /// A stored value could not be read back (unknown state or status text).
    case corruptValue(table: String, column: String, value: String)

    public var description: String {
        switch self {
        case .openFailed(let path, let reason):
            if path.hasPrefix("postgres") {
                return "cannot open the ledger at \(path): \(reason). Check ledger.url in the configuration, that the server is reachable, and that the password (ledger.password_env, ledger.password_vault, else PGPASSWORD) is this user's."
            }
            return "cannot open the ledger at \(path): \(reason). Check the path in the configuration (ledger.path) and that the folder is writable."
        case .illegalTransition(let id, let from, let to):
            let allowed = from.allowedNextStates.map(\.rawValue).sorted().joined(separator: ", ")
            return "record \(id) cannot move from '\(from.rawValue)' to '\(to.rawValue)'; from '\(from.rawValue)' it may only move to: \(allowed.isEmpty ? "nothing (final state)" : allowed)"
        case .recordNotFound(let id):
            return "no record \(id) in the ledger"
        case .runNotFound(let id):
            return "no run '\(id)' in the ledger"
        case .identityConflict(let company, let resource, let procoreID, let sageKey, let existing):
            return "identity map for company \(company), \(resource): cannot pair Procore id \(procoreID) with Sage key '\(sageKey)' because \(existing). Remove the old pairing first if it is wrong."
        case .duplicateIdempotencyKey(let key):
            return "a record with idempotency key '\(key)' is already in the ledger"
        case .auditIsAppendOnly:
            return "the audit trail is append-only: rows cannot be changed or deleted"
        case .corruptValue(let table, let column, let value):
            return "the ledger holds an unreadable value '\(value)' in \(table).\(column); the file may come from a newer version of ml-connector"
        }
    }
}
