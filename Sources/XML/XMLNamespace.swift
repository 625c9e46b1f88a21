/// A namespace binding: a URI and the prefix used for it (`nil` = default namespace).
public struct XMLNamespace: Sendable, Hashable, CustomStringConvertible {
    /// The prefix written in the document (`soap` in `soap:Envelope`); `nil` for `xmlns="…"`.
    public var prefix: String?
    /// The namespace URI, which is what identifies the namespace.
    public var uri: String

    public init(prefix: String?, uri: String) {
        self.prefix = prefix
        self.uri = uri
    }

    public var description: String {
        if let prefix { return "xmlns:\(prefix)=\"\(uri)\"" }
        return "xmlns=\"\(uri)\""
    }
}
