import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import NIOCore
import Sage100
import ServiceLifecycle

/// Receives Procore's webhook deliveries at `POST /procore/webhooks`.
///
/// Each delivery must carry the `Authorization` value the hook was registered with (compared
/// in constant time; otherwise `401` and nothing is stored). A valid payload is stored in the
/// ledger, deduplicated by `ulid`, and answered `200` at once: the pull it triggers happens
/// later, in ``WebhookDispatcher``, so Procore's 5-second limit is never at risk. A malformed
/// payload is answered `400` naming the field.
///
/// ```swift
/// let receiver = try await WebhookReceiver.start(ledger: ledger, secret: secret)
/// // Procore (or the sandbox) posts to receiver.url
/// await receiver.stop()
/// ```
public final class WebhookReceiver: Sendable {
    /// The path Procore posts to.
    public static let path = "/procore/webhooks"
    public let host: String
    /// The bound port.
    public let port: Int
    /// What it received so far.
    public let counters: WebhookReceiverCounters
    private let server: ListeningServer

    /// The delivery URL on this machine, e.g. `http://127.0.0.1:8085/procore/webhooks`.
    public var url: String { "http://\(host):\(port)\(Self.path)" }

    private init(host: String, port: Int, counters: WebhookReceiverCounters, server: ListeningServer) {
        self.host = host
        self.port = port
        self.counters = counters
        self.server = server
    }

    /// Starts listening; returns once the port is bound.
    ///
    /// - Parameters:
    ///   - secret: the whole `Authorization` value Procore sends (e.g. `Bearer …`).
    ///   - port: 0 picks a free port.
    ///   - onStored: called after a new (not redelivered) event is stored; must be quick.
    public static func start(ledger: Ledger, secret: Secret, host: String = "127.0.0.1", port: Int = 0,
                             logger: Logger = Logger(label: "ml-connector.webhooks"),
                             onStored: @escaping @Sendable (WebhookEventRow) -> Void = { _ in }) async throws -> WebhookReceiver {
        let counters = WebhookReceiverCounters()
        let responder = WebhookResponder(ledger: ledger, secretDigest: Array(SHA256.hash(data: Data(secret.revealed.utf8))),
                                         counters: counters, logger: logger, onStored: onStored)
        let server = try await ListeningServer.start(responder, host: host, port: port, logger: logger) {
            WebhookError.cannotListen(host: host, port: port, reason: $0)
        }
        return WebhookReceiver(host: host, port: server.port, counters: counters, server: server)
    }

    /// Stops listening after in-flight requests finish.
    public func stop() async { await server.stop() }
}

extension WebhookReceiver: Service {
    /// Receives (it already listens after ``start(ledger:secret:host:port:logger:onStored:)``)
    /// until its group shuts down, then stops after in-flight requests finish.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }
}

/// Counts of deliveries by outcome.
public final class WebhookReceiverCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var values = Snapshot()

    /// A consistent copy of the counts.
    public struct Snapshot: Sendable, Equatable {
        public var stored = 0
        public var duplicates = 0
        public var unauthorized = 0
        public var rejected = 0
    }

    public var snapshot: Snapshot { lock.withLock { values } }
    func add(_ update: (inout Snapshot) -> Void) { lock.withLock { update(&values) } }
}

/// Hummingbird glue for ``WebhookReceiver``.
struct WebhookResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let ledger: Ledger
    let secretDigest: [UInt8]
    let counters: WebhookReceiverCounters
    let logger: Logger
    let onStored: @Sendable (WebhookEventRow) -> Void

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        guard request.uri.path == WebhookReceiver.path else {
            return Self.json(.notFound, ["error": "No route: Procore webhooks are received at POST \(WebhookReceiver.path)"])
        }
        guard request.method == .post else {
            return Self.json(.methodNotAllowed, ["error": "Use POST \(WebhookReceiver.path)"], headers: [.allow: "POST"])
        }
        // Authenticate before reading or storing anything.
        let presented = request.headers[.authorization] ?? ""
        guard Self.sameDigest(Array(SHA256.hash(data: Data(presented.utf8))), secretDigest) else {
            counters.add { $0.unauthorized += 1 }
            logger.warning("webhook delivery refused: wrong or missing Authorization header")
            return Self.json(.unauthorized, ["error": "Authorization does not match the webhook secret"])
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: WebhookPayload.maxBytes)
        } catch {
            counters.add { $0.rejected += 1 }
            return Self.json(.contentTooLarge, ["error": "Webhook payload is over the \(WebhookPayload.maxBytes)-byte limit"])
        }
        let data = Data(buffer: body)
        let payload: WebhookPayload
        do {
            payload = try WebhookPayload.parse(data)
        } catch {
            counters.add { $0.rejected += 1 }
            logger.warning("webhook delivery rejected", metadata: ["reason": "\(error.description)"])
            var answer = ["error": error.description]
            if let field = error.field { answer["field"] = field }
            return Self.json(.badRequest, answer)
        }
        let row = payload.row(body: data)
        let isNew: Bool
        do {
            isNew = try ledger.recordWebhookEvent(row)
        } catch {
            logger.error("webhook event not stored", metadata: ["ulid": "\(payload.ulid)", "error": "\(error)"])
            // 503 makes Procore deliver it again later.
            return Self.json(.serviceUnavailable, ["error": "The event could not be stored; it will be redelivered"])
        }
        if isNew {
            counters.add { $0.stored += 1 }
            onStored(row)
        } else {
            counters.add { $0.duplicates += 1 }
        }
        return Self.json(.ok, ["ulid": payload.ulid, "status": isNew ? "stored" : "duplicate"])
    }

    /// Compares two digests in time independent of where they differ.
    static func sameDigest(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: String], headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
