/// Why a reconciliation could not be made. Each message names what failed and what to do.
public enum ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ledger has no batches for any run, so there is nothing to reconcile.
    case nothingToReconcile
    /// The agent could not be read for one batch.
    case readBackFailed(batchID: String, kind: String, reason: String)
    /// The agent sent a document with a value that cannot be read.
    case unreadableReadBack(kind: String, sageKey: String, field: String, value: String)
    /// A report file could not be written.
    case writeFailed(path: String, reason: String)
    /// The report template could not be read or parsed.
    case template(path: String, reason: String)

    public var description: String {
        switch self {
        case .nothingToReconcile:
            return "the ledger has no batches yet, so there is nothing to reconcile; run `ml-connector transform` and `post` first"
        case .readBackFailed(let batch, let kind, let reason):
            return "cannot read back the \(kind) of batch \(batch) from the Sage agent: \(reason). Check that the agent is running and reachable at sage.base_url (`ml-connector map check` reads from it) and run `ml-connector reconcile` again; nothing was changed"
        case .unreadableReadBack(let kind, let key, let field, let value):
            return "the Sage agent sent \(kind) document \(key) with an unreadable \(field) '\(value)'; amounts must be decimal strings such as \"1234.50\". Update the agent to the version in docs/agent-api.yaml"
        case .writeFailed(let path, let reason):
            return "cannot write the reconciliation report \(path): \(reason). Check that the outbox folder exists and is writable"
        case .template(let path, let reason):
            return "the report template \(path) cannot be used: \(reason). Fix the template or remove it to use the built-in one"
        }
    }
}
