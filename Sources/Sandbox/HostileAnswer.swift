import Hummingbird
import NIOCore

/// Ways a sandbox answers like a hostile or broken peer, so tests and people can prove the
/// connector refuses such an answer, says why, keeps its memory bounded and posts nothing
/// from it (`sandbox procore --hostile MODE`, `sandbox sage --hostile MODE`).
public enum HostileAnswer: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 200 with a JSON body that never ends (1 GiB of records, sent as fast as it is read).
    case endlessBody = "endless-body"
    /// 200 with a JSON body dripped one byte every 100 ms for ten minutes.
    case slowDrip = "slow-drip"
    /// 200 with a JSON array nested 10,000 deep.
    case deepJSON = "deep-json"
    /// Procore: the right page, with `Link: rel="next"` pointing at another host (a client that
    /// follows it hands the access token to that host).
    case foreignLink = "foreign-link"
    /// Sage eBusiness: a SOAP answer whose DOCTYPE declares an external entity (file:///etc/passwd).
    case xxe
    /// Sage eBusiness: a SOAP answer with nested entities that expand to gigabytes.
    case billionLaughs = "billion-laughs"

    public var description: String { rawValue }

    /// The modes the Procore sandbox plays.
    public static let procore: [HostileAnswer] = [.endlessBody, .slowDrip, .deepJSON, .foreignLink]
    /// The modes the Sage agent simulator plays.
    public static let sage: [HostileAnswer] = [.endlessBody, .slowDrip, .deepJSON, .xxe, .billionLaughs]

    /// Nesting of ``deepJSON``.
    static let depth = 10_000
    /// Bytes of ``endlessBody`` before the sandbox itself gives up.
    static let endlessBytes = 1 << 30
    /// One byte of ``slowDrip`` per this long.
    static let dripInterval: Duration = .milliseconds(100)
    /// Bytes of ``slowDrip`` (ten minutes).
    static let dripBytes = 6_000

    /// The body of a JSON answer in this mode, or nil when the mode is not about the body.
    func jsonBody() -> ResponseBody? {
        switch self {
        case .endlessBody:
            return ResponseBody { writer in
                var chunk = ByteBufferAllocator().buffer(capacity: 64 << 10)
                chunk.writeString("[")
                let record = #"{"id":1,"name":"again and again","amount":"1.00"},"#
                while chunk.readableBytes < 64 << 10 { chunk.writeString(record) }
                var sent = 0
                while sent < Self.endlessBytes, !Task.isCancelled {
                    try await writer.write(chunk)  // throws once the client hangs up
                    sent += chunk.readableBytes
                }
                try await writer.finish(nil)
            }
        case .slowDrip:
            return ResponseBody { writer in
                let bytes = [UInt8](repeating: UInt8(ascii: "["), count: Self.dripBytes)
                for byte in bytes where !Task.isCancelled {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    try await Task.sleep(for: Self.dripInterval)
                }
                try await writer.finish(nil)
            }
        case .deepJSON:
            let text = String(repeating: "[", count: Self.depth) + String(repeating: "]", count: Self.depth)
            return ResponseBody(byteBuffer: ByteBuffer(string: text))
        case .foreignLink, .xxe, .billionLaughs:
            return nil
        }
    }

    /// The `Link` header of ``foreignLink``: the next page, on another host.
    static func foreignNextLink(path: String, query: String) -> String {
        "<https://procore.example.net\(path)?\(query.isEmpty ? "" : query + "&")page=2>; rel=\"next\""
    }

    /// The SOAP answer of ``xxe`` and ``billionLaughs``, or nil for the other modes.
    func soapBody() -> [UInt8]? {
        let envelope: String
        switch self {
        case .xxe:
            envelope = """
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE soap:Envelope [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
            <GetSalesOrderResponse><SalesOrderNo>&secret;</SalesOrderNo></GetSalesOrderResponse>
            </soap:Body></soap:Envelope>
            """
        case .billionLaughs:
            var entities = #"<!ENTITY lol0 "lollollollollollollollollollol">"#
            for level in 1...9 {
                entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
            }
            envelope = """
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE soap:Envelope [\(entities)]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
            <GetSalesOrderResponse><SalesOrderNo>&lol9;</SalesOrderNo></GetSalesOrderResponse>
            </soap:Body></soap:Envelope>
            """
        default:
            return nil
        }
        return Array(envelope.utf8)
    }
}
