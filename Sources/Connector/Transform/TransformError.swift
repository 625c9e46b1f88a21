/// Why a transform could not run or finish, with what to do.
public enum TransformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The staging run folder does not exist or is not a finished pull.
    case stagingRunNotFound(path: String)
    /// The company code is not a Sage company code.
    case invalidCompany(String)
    /// An outbox file could not be written: the file system failed (a record's problem never
    /// ends up here; it makes that record invalid).
    case outboxWriteFailed(path: String, reason: String)
    /// The configuration cannot produce a batch (e.g. sales orders without `ebusiness:`).
    case configuration(String)
    /// The ledger refused a change.
    case ledger(String)
    /// Another transform holds the outbox lock.
    case locked(path: String)

    public var description: String {
        switch self {
        case .stagingRunNotFound(let path):
            return "no finished staging run at \(path) (a finished run folder holds manifest.json); run ml-connector pull first or check the path"
        case .invalidCompany(let code):
            return "'\(code)' is not a Sage company code (3 letters or digits, e.g. ABC); fix the company setting"
        case .outboxWriteFailed(let path, let reason):
            return "cannot write the outbox batch at \(path): \(reason); the records stay valid and are batched by the next transform once the outbox can be written"
        case .configuration(let message):
            return message
        case .ledger(let message):
            return "the ledger refused a change: \(message)"
        case .locked(let path):
            return "another transform is running (it holds \(path)); wait for it to finish. The lock is released automatically when its process ends"
        }
    }
}

extension TransformError {
    /// Creates a batch's outbox folder (and its parents); ``outboxWriteFailed(path:reason:)``
    /// naming the folder when it cannot.
    static func makingOutboxFolder(_ folder: String) throws {
        do {
            try FileSystem.makeDirectories(folder)
        } catch {
            throw TransformError.outboxWriteFailed(path: folder, reason: error.description)
        }
    }
}
