import Ledger

extension PostLock {
    /// The ledger's exchange lock (`<ledger>.exchange.lock`): one exchange with Procore at a time.
    static func exchange(_ ledger: Ledger) throws -> PostLock {
        try PostLock.acquire(ledgerPath: ledger.path, suffix: ".exchange.lock", removeOnRelease: ledger.isInMemory,
                             busy: { ExchangeError.alreadyRunning(lockPath: $0) },
                             failed: { ExchangeError.lockFailed(path: $0, reason: $1) })
    }
}

/// Why an exchange with Procore could not start.
public enum ExchangeError: Error, Sendable, CustomStringConvertible {
    /// Another exchange holds the ledger's exchange lock.
    case alreadyRunning(lockPath: String)
    /// The exchange lock file could not be created.
    case lockFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            return "another exchange is running (it holds \(path)); wait for it to finish. One exchange at a time sends each Sage check to Procore once."
        case .lockFailed(let path, let reason):
            return "cannot create the exchange lock \(path): \(reason). Check that the ledger's folder is writable."
        }
    }
}
