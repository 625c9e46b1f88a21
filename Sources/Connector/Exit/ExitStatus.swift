/// The process exit status: one contract for every command (README "Exit codes",
/// docs/pipeline.md). The executable turns it into the process's exit code in one place.
public enum ExitStatus: Int32, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Done; everything reconciled (or the command did what it was asked).
    case done = 0
    /// Fatal: the message says what happened and what to do.
    case fatal = 1
    /// A configuration or usage error: the message names the key or flag to fix.
    case configuration = 2
    /// Partial pull: some Procore projects were forbidden or failed (they are named).
    case partialPull = 3
    /// Exceptions need a person: rejected, invalid, uncertain or drifted records, totals that differ.
    case needsPerson = 4
    /// Busy: another run holds a lock the command needs (the message names the lock file).
    case busy = 5

    /// What the status means, as the README's exit code table says it.
    public var meaning: String {
        switch self {
        case .done: return "done; everything reconciled"
        case .fatal: return "fatal: the message says what happened and what to do"
        case .configuration: return "configuration or usage error: the message names the key or flag to fix"
        case .partialPull: return "partial pull: some Procore projects were forbidden or failed (they are named)"
        case .needsPerson: return "exceptions need a person: rejected, invalid, uncertain or drifted records, or totals that differ"
        case .busy: return "busy: another run holds the lock (the message names the lock file); run again when it has finished"
        }
    }

    public var description: String { "\(rawValue) (\(meaning))" }

    /// The status an error ends a command with: its own for a ``ConnectorFailure``, else fatal.
    public init(of error: any Error) {
        self = (error as? any ConnectorFailure)?.exitStatus ?? .fatal
    }
}

/// Thrown by a command that has printed its result and ends with a status other than 0
/// (e.g. ``ExitStatus/needsPerson`` after listing the records that need a person). Nothing
/// more is printed for it.
extension ExitStatus: Error {}

/// An error that knows how the command it stops must end, and what the person should do.
///
/// `description` says what happened (most errors also say what to do there); `fix`, when
/// set, is printed on its own line after it.
public protocol ConnectorFailure: Error, CustomStringConvertible {
    /// How the process ends when this error stops a command.
    var exitStatus: ExitStatus { get }
    /// What to do about it, when `description` does not already say.
    var fix: String? { get }
}

extension ConnectorFailure {
    public var fix: String? { nil }
}
