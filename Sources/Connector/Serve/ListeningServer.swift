import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird server of the connector's own (the webhook receiver, serve's status server)
/// started on `host:port` and known to listen: the one way both start, report the bound port
/// and stop after the requests in flight.
struct ListeningServer: Sendable {
    let port: Int
    private let group: ServiceGroup
    private let runner: Task<Void, Never>

    /// Starts `responder`; returns once the port is bound. `failure` makes the error to throw
    /// when it cannot listen (with the reason).
    static func start<Responder: HTTPResponder>(_ responder: Responder, host: String, port: Int, logger: Logger,
                                                failure: (String) -> any Error) async throws -> ListeningServer
        where Responder.Context == BasicRequestContext {
        var serverLogger = logger
        serverLogger.logLevel = .warning
        let (ports, continuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? port) },
            logger: serverLogger)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: serverLogger)
        let runner = Task {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        do {
            for try await bound in ports {
                return ListeningServer(port: bound, group: group, runner: runner)
            }
        } catch {
            throw failure("\(error)")
        }
        throw failure("the server stopped before it was ready")
    }

    /// Stops listening after in-flight requests finish.
    func stop() async {
        await group.triggerGracefulShutdown()
        await runner.value
    }
}
