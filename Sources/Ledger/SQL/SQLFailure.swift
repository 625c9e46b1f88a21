/// A statement the engine refused or could not run, in the terms the ledger acts on.
public struct SQLFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A UNIQUE, NOT NULL, CHECK or foreign-key constraint refused the change.
        case constraint
        /// A trigger refused to change or delete a row of an append-only table.
        case appendOnly
        /// Anything else (the server is gone, a statement is wrong).
        case other
    }

    public let kind: Kind
    /// The engine's own words (never a bound value).
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
