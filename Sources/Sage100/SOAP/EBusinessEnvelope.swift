/// A rendered request envelope. `bytes` holds the password as it was given to the builder
/// (normally `********`, safe to write to disk); ``withPassword(_:)`` renders the same
/// request with the real password, only for the request that goes on the wire.
public struct EBusinessEnvelope: Sendable, Equatable {
    /// The request this envelope carries.
    public let request: EBusinessRequest
    /// Namespace of the operation element.
    public let namespaceURI: String
    /// UTF-8 XML, with the password as given when building.
    public let bytes: [UInt8]

    /// Renders `request` in `namespaceURI`.
    public init(request: EBusinessRequest, namespaceURI: String) throws {
        self.request = request
        self.namespaceURI = namespaceURI
        self.bytes = try request.envelopeBytes(namespaceURI: namespaceURI)
    }

    /// Reads an envelope (e.g. a redacted one from the outbox) back into a value that can be
    /// sent with ``withPassword(_:)``.
    public init(bytes: [UInt8], namespaceURI: String) throws {
        let request = try EBusinessRequest.parse(bytes: bytes, namespaceURI: namespaceURI)
        self.request = request
        self.namespaceURI = namespaceURI
        self.bytes = bytes
    }

    /// The operation invoked.
    public var operation: EBusinessOperation { request.operation }

    /// The envelope as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The SOAPAction header value for this request.
    public var soapAction: String { operation.soapAction(namespaceURI: namespaceURI) }

    /// True when the envelope carries the `********` placeholder rather than a password.
    public var isRedacted: Bool { request.logon.password == .redacted }

    /// The envelope bytes with the real password inserted. Send these; never store or log them.
    public func withPassword(_ password: Secret) throws -> [UInt8] {
        var request = self.request
        request.logon.password = .secret(password)
        return try request.envelopeBytes(namespaceURI: namespaceURI)
    }
}
