/// Why the replay could not run at all (a single bad inbox file never throws: it is moved to
/// `inbox/rejected/` with an error file instead).
public enum ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The inbox folder cannot be listed.
    case inboxUnreadable(path: String, reason: String)
    /// A folder or file the replay writes could not be written.
    case writeFailed(path: String, reason: String)
    /// The ledger refused a change.
    case ledger(String)
    /// Another replay (or run) holds the inbox lock.
    case locked(path: String)
    /// `processed/` or `rejected/` would lead outside the inbox (a link) or is not a folder.
    case unsafeInbox(String)

    public var description: String {
        switch self {
        case .inboxUnreadable(let path, let reason):
            return "cannot read the inbox folder \(path): \(reason); check that it exists and is readable (inbox.dir in the configuration)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason); check free disk space and the folder's permissions, then run replay again (nothing was applied twice)"
        case .ledger(let message):
            return "the ledger refused the replay: \(message)"
        case .unsafeInbox(let message):
            return "the inbox is not safe to process: \(message)"
        case .locked(let path):
            return "another replay is working on the inbox (it holds \(path)); wait for it to finish. The lock is released automatically when its process ends"
        }
    }
}

/// What is wrong with one inbox file: every problem, each naming the line and field where it
/// can, and what to do. Written next to the file as `<name>.error.txt`.
public struct InboxFileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as shown (control characters as `?`).
    public var file: String
    /// One sentence per problem.
    public var problems: [String]
    /// What to do about it.
    public var fix: String

    public init(file: String, problems: [String], fix: String) {
        self.file = file
        self.problems = problems
        self.fix = fix
    }

    public init(file: String, problem: String, fix: String) {
        self.init(file: file, problems: [problem], fix: fix)
    }

    public var description: String {
        var text = "\(file) was not applied:\n"
        for problem in problems.prefix(200) { text += "- \(problem)\n" }
        if problems.count > 200 { text += "- … and \(problems.count - 200) more problems\n" }
        text += "What to do: \(fix)\n"
        return text
    }
}
