import Logging
import ServiceLifecycle

/// The one ``ServiceGroup`` of a sandbox command: it owns SIGINT and SIGTERM, and on either
/// shuts its services down gracefully (the last one listed first), so requests in flight are
/// answered before the process exits.
public enum SandboxServiceGroup {
    /// Runs `services` until the process receives SIGINT or SIGTERM, then stops them.
    /// `onRunning` is called once the group traps the signals (say "listening" there: a signal
    /// sent on seeing it is then always a graceful stop, never the default kill).
    public static func run(_ services: [any Service], logger: Logger = Logger(label: "ml-connector.sandbox"),
                           onRunning: @escaping @Sendable () -> Void = {}) async throws {
        let group = ServiceGroup(services: services + [ClosureService { onRunning(); try? await gracefulShutdown() }],
                                 gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        try await group.run()
    }
}

extension ProcoreSandbox: Service {
    /// Serves (it already listens after ``start(_:)``) until the group shuts down, then stops.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }
}

extension SageAgentSimulator: Service {
    /// Serves (it already listens after ``start()``) until the group shuts down, then stops.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }
}
