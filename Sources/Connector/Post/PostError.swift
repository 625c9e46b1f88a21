import Foundation

/// Why `post` could not start or had to stop before finishing every batch.
public enum PostError: Error, Sendable, CustomStringConvertible {
    /// Another `post` holds the ledger's post lock.
    case alreadyRunning(lockPath: String)
    /// The post lock file could not be created.
    case lockFailed(path: String, reason: String)
    /// An outbox batch's files are missing, unreadable or do not match the manifest.
    case batchFiles(batchID: String, path: String, problem: String, fix: String)
    /// The ledger refused a change or could not be read.
    case ledger(String)
    /// An `uncertain` record could not be settled with the agent, so nothing may be sent.
    case settlementFailed(recordID: Int64, idempotencyKey: String, cause: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            return "another post is running (it holds \(path)); wait for it to finish. One writer per company keeps Sage 100 consistent."
        case .lockFailed(let path, let reason):
            return "cannot create the post lock \(path): \(reason). Check that the ledger's folder is writable."
        case .batchFiles(let batchID, let path, let problem, let fix):
            return "batch \(batchID) (\(path)): \(problem); \(fix)"
        case .ledger(let message):
            return "ledger: \(message)"
        case .settlementFailed(let id, let key, let cause):
            return "record \(id) (\(key)) is uncertain and the Sage agent could not be asked whether it was posted: \(cause). "
                + "Nothing was sent; run `ml-connector post` again when the agent answers at sage.base_url (`ml-connector map check` reads from it)."
        }
    }
}
