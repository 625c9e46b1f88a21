import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `GET /healthz` and `GET /metrics` of `ml-connector serve`, on `schedule.listen` (keep it
/// private: a monitoring network or loopback, never the webhook's public address).
///
/// `/healthz` answers 200 `{"status":"ready"}` when the ledger is open and the agent answered
/// within three health-check intervals, else 503 with the reason; `/metrics` answers the
/// Prometheus text exposition of ``ServeMetrics``.
public final class ServeStatusServer: Sendable {
    public let host: String
    public let port: Int
    private let server: ListeningServer

    public var baseURL: String { "http://\(host):\(port)" }

    private init(host: String, port: Int, server: ListeningServer) {
        self.host = host
        self.port = port
        self.server = server
    }

    /// Starts listening; returns once the port is bound.
    public static func start(worker: ServeWorker, receiver: WebhookReceiver?, host: String, port: Int,
                             healthCheckSeconds: Int, logger: Logger) async throws -> ServeStatusServer {
        let responder = ServeStatusResponder(worker: worker, receiver: receiver, staleAfter: Double(healthCheckSeconds * 3))
        let server = try await ListeningServer.start(responder, host: host, port: port, logger: logger) {
            ServeError.cannotListen(key: "schedule.listen", host: host, port: port, reason: $0)
        }
        return ServeStatusServer(host: host, port: server.port, server: server)
    }

    public func stop() async { await server.stop() }
}

extension ServeStatusServer: Service {
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }
}

struct ServeStatusResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let worker: ServeWorker
    let receiver: WebhookReceiver?
    /// Seconds after which the agent's last answer no longer counts.
    let staleAfter: Double

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        guard request.method == .get else {
            return Self.text(.methodNotAllowed, "Use GET /healthz or GET /metrics\n")
        }
        switch request.uri.path {
        case "/healthz":
            let answered = await worker.agentAnsweredAt
            let problem = await worker.agentProblem
            let busy = await worker.busyWith
            var body: [String: String] = ["ledger": "open"]
            if let busy { body["running"] = busy }
            if let answered, Date().timeIntervalSince(answered) <= staleAfter {
                body["status"] = "ready"
                body["agent_answered_at"] = ISO8601DateFormatter().string(from: answered)
                return Self.json(.ok, body)
            }
            body["status"] = "not ready"
            body["reason"] = answered == nil
                ? "the Sage agent has not answered yet" + (problem.map { ": \($0)" } ?? "")
                : "the Sage agent has not answered for over \(Int(staleAfter)) s" + (problem.map { ": \($0)" } ?? "")
            return Self.json(.serviceUnavailable, body)
        case "/metrics":
            if let receiver { worker.metrics.sync(receiver: receiver.counters.snapshot) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: worker.metrics.text())))
        default:
            return Self.text(.notFound, "No route: serve answers GET /healthz and GET /metrics\n")
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
