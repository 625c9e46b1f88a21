import Foundation
import Hosting
import Logging
import ServiceLifecycle

/// `ml-connector serve --tenants tenants.yml`: one hosted worker in this process, owning
/// SIGTERM and SIGINT through one ``ServiceGroup``. On a stop signal the worker takes no more
/// companies, finishes the jobs in hand, releases their leases and ends.
public enum Hosted {
    public static func run(tenants: TenantsFile, identity: String? = nil, concurrency: Int = 4, untilIdle: Bool = false,
                           logger: Logger = Logger(label: "ml-connector.hosted"),
                           onEvent: (@Sendable (HostedEvent) -> Void)? = nil) async throws {
        let store = try await SQLLeaseStore.open(tenants.store)
        let worker = HostedWorker(identity: identity ?? HostedWorker.defaultIdentity(), tenants: tenants, store: store,
                                  concurrency: concurrency, logger: logger, onEvent: onEvent)
        // With --until-idle the worker's end is the process's end, not a failure.
        let service = ServiceGroupConfiguration.ServiceConfiguration(service: HostedService(worker: worker, untilIdle: untilIdle),
                                                                     successTerminationBehavior: .gracefullyShutdownGroup)
        var configuration = ServiceGroupConfiguration(services: [service], logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        let group = ServiceGroup(configuration: configuration)
        // The store is closed however the group ends (async work cannot go in a defer).
        let outcome: Result<Void, any Error>
        do { try await group.run(); outcome = .success(()) } catch { outcome = .failure(error) }
        await store.close()
        try outcome.get()
    }
}

/// The worker as a service: a graceful shutdown stops it taking companies.
struct HostedService: Service {
    let worker: HostedWorker
    let untilIdle: Bool

    func run() async throws {
        await withGracefulShutdownHandler {
            await worker.run(untilIdle: untilIdle)
        } onGracefulShutdown: {
            Task { await worker.stop() }
        }
    }
}
