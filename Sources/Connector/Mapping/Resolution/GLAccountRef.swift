import Sage100

/// A resolved GL account: what a posting line needs (`AccountKey`) and how it was found.
public struct GLAccountRef: Sendable, Hashable, Codable {
    /// Formatted account, e.g. `5100-04-00`.
    public var account: String
    /// Sage's 9-character `AccountKey`.
    public var accountKey: String
    /// Sage's `AccountDesc`.
    public var accountDescription: String
    /// Which part of the mapping matched.
    public var source: MappingSource

    public init(account: String, accountKey: String, accountDescription: String = "", source: MappingSource) {
        self.account = account
        self.accountKey = accountKey
        self.accountDescription = accountDescription
        self.source = source
    }
}
