/// A failure writing the staging folder, naming the file and what to check.
public enum StagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A folder or file could not be created.
    case createFailed(path: String, reason: String)
    /// Writing or syncing a file failed (disk full, permissions).
    case writeFailed(path: String, reason: String)
    /// The finished file could not be moved into place.
    case renameFailed(from: String, to: String, reason: String)
    /// Another pull holds the staging lock.
    case locked(path: String)
    /// A writer was used after it was finished or abandoned.
    case closed(path: String)

    public var description: String {
        switch self {
        case .createFailed(let path, let reason):
            return "cannot create \(path): \(reason). Check staging.dir in the configuration and the folder's permissions."
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason). Check free disk space and permissions."
        case .renameFailed(let from, let to, let reason):
            return "cannot move \(from) to \(to): \(reason)"
        case .locked(let path):
            return "another pull is running (it holds \(path)). Wait for it to finish; if none is running, the lock is released automatically when its process ends."
        case .closed(let path):
            return "staging file \(path) was already closed"
        }
    }
}
