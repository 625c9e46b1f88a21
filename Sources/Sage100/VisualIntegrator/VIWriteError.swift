import Foundation

/// One reason a record cannot be written to a Visual Integrator file.
public struct VIProblem: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A Sage field limit or cross-field rule (see `violation`).
        case fieldLimit(SageFieldRule)
        /// A character Windows-1252 cannot hold (after transliteration, if enabled).
        case unmappableCharacter
        /// A control character other than CR, LF and tab.
        case controlCharacter
        /// A number with more decimals than the column's format holds.
        case notRepresentable
    }

    /// The record (and line), e.g. "AP invoice 00-0001234/INV-10 line 2".
    public let record: String
    /// Sage field name.
    public let field: String
    public let kind: Kind
    /// The offending value, shortened for display.
    public let value: String
    /// What happened and what to do.
    public let message: String

    public init(record: String, field: String, kind: Kind, value: String, message: String) {
        self.record = record
        self.field = field
        self.kind = kind
        self.value = SageText.shown(value)
        self.message = message
    }

    init(_ violation: SageFieldViolation) {
        self.record = violation.record
        self.field = violation.field
        self.kind = .fieldLimit(violation.rule)
        self.value = violation.value
        self.message = violation.message
    }

    public var description: String { "\(record): \(message)" }
}

/// Why a Visual Integrator batch was not written. Nothing is written when any record fails.
public enum VIWriteError: Error, Sendable, CustomStringConvertible {
    /// Records that Sage would refuse or that cannot be written faithfully; every problem found.
    case invalidRecords(kind: SageDocumentKind, problems: [VIProblem])
    /// A record of another kind was passed.
    case kindMismatch(expected: SageDocumentKind, found: SageDocumentKind, record: String)
    /// The batch has no records.
    case emptyBatch(kind: SageDocumentKind)
    /// The destination file name is unsafe or empty.
    case invalidFileName(name: String, reason: String)
    /// A file system call failed.
    case io(path: String, operation: String, code: Int32, reason: String)

    public var description: String {
        switch self {
        case .invalidRecords(let kind, let problems):
            let shown = problems.prefix(20).map { "  - \($0.description)" }.joined(separator: "\n")
            let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
            return "the \(kind.rawValue) batch was not written: \(problems.count) problem\(problems.count == 1 ? "" : "s"); fix the records and run again:\n\(shown)\(more)"
        case .kindMismatch(let expected, let found, let record):
            return "\(record) is a \(found.displayName), not a \(expected.displayName); write each kind to its own batch file"
        case .emptyBatch(let kind):
            return "the \(kind.rawValue) batch has no records; nothing to write"
        case .invalidFileName(let name, let reason):
            return "batch file name '\(SageText.shown(name))' is not allowed: \(reason)"
        case .io(let path, let operation, let code, let reason):
            return "could not \(operation) \(path): \(reason) (errno \(code)); check the folder exists, is writable and has free space"
        }
    }
}
