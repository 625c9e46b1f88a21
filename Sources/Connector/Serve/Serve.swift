import Foundation
import Ledger
import Logging
import Procore
import Sage100
import ServiceLifecycle
import Synchronization

/// `ml-connector serve`: the always-on connector for one Sage company. One process owns a
/// ``ServiceGroup`` (and SIGTERM/SIGINT) holding
/// - the scheduler: each job of the `schedule:` section at its cadence, missed ticks run once
///   at start-up, a job never started twice;
/// - with a `webhooks:` section, the receiver and its dispatcher: each burst of events pulls
///   just the changed records and a pay cycle posts them at once;
/// - the status server: `/healthz` and `/metrics`.
/// On a stop signal the receiver stops accepting first, the job in flight finishes, and the
/// process ends; whatever a cut-off post left `uncertain` is settled at the next start.
public enum Serve {
    public static func run(configuration: RunConfiguration, agent: (any SageAgent)? = nil,
                           logger: Logger = Logger(label: "ml-connector.serve"),
                           onEvent: (@Sendable (ServeEvent) -> Void)? = nil) async throws {
        let schedule = configuration.schedule
        guard !schedule.jobs.isEmpty || configuration.webhooks != nil else { throw ServeError.nothingToServe(file: configuration.file) }
        let procore = try configuration.base.procore.clientConfiguration(file: configuration.file)
        try procore.validate()
        let ledger = try ConnectorLedger.open(path: configuration.ledgerPath, url: configuration.ledgerURL, stagingRoot: configuration.stagingDirectory)
        let metrics = ServeMetrics()
        let client = ProcoreClient(configuration: procore)
        let worker = try ServeWorker(configuration: configuration, ledger: ledger, metrics: metrics, procore: client, agent: agent,
                                     logger: logger, onEvent: onEvent)

        var services: [any Service] = [ServeScheduler(worker: worker, healthCheck: .seconds(schedule.healthCheckSeconds))]
        var receiver: WebhookReceiver?
        if configuration.webhooks != nil {
            let (settings, secret) = try WebhookService.settings(configuration)
            let pull = WebhookPull(source: client, ledger: ledger,
                                   stagingRoot: configuration.stagingDirectory, companyID: configuration.base.procore.companyID)
            let dispatcher = WebhookDispatcher(ledger: ledger, companyID: configuration.base.procore.companyID,
                                               debounce: .milliseconds(Int64(settings.debounceSeconds * 1000)), logger: logger,
                                               pull: { targets in try await worker.pullAndPost(targets, pull: pull) })
            let started = try await WebhookReceiver.start(ledger: ledger, secret: secret, host: settings.host, port: settings.port,
                                                          logger: logger, onStored: { _ in Task { await dispatcher.notify() } })
            receiver = started
            services.append(DispatcherService(dispatcher: dispatcher))
            services.append(started)
        }
        let status: ServeStatusServer
        do {
            status = try await ServeStatusServer.start(worker: worker, receiver: receiver, host: schedule.host, port: schedule.port,
                                                       healthCheckSeconds: schedule.healthCheckSeconds, logger: logger)
        } catch {
            await receiver?.stop()
            throw error
        }
        // Services stop in reverse order: the announcement, then the receiver (no new event),
        // the status server, the dispatcher, and last the scheduler once its job is done.
        services.insert(status, at: 1)
        let webhookURL = receiver?.url
        services.append(ClosureService {
            onEvent?(.ready(webhooks: webhookURL, status: status.baseURL))
            try? await gracefulShutdown()
        })
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
                                 logger: logger)
        do {
            try await group.run()
        } catch {
            await receiver?.stop()
            await status.stop()
            throw error
        }
    }
}

/// Runs the due jobs one after another and asks for health between them, until a graceful
/// shutdown: then the job in flight finishes and no other starts.
struct ServeScheduler: Service {
    let worker: ServeWorker
    let healthCheck: Duration

    func run() async throws {
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            let clock = ContinuousClock()
            var lastHealth: ContinuousClock.Instant?
            while !stopping.load(ordering: .relaxed) {
                if lastHealth.map({ clock.now - $0 >= healthCheck }) ?? true {
                    await worker.checkHealth()
                    lastHealth = clock.now
                }
                for job in await worker.dueJobs() {
                    if stopping.load(ordering: .relaxed) { break }
                    await worker.run(job)
                }
                // The next look at the clock (cadences are minutes apart; this only sets how
                // soon after its tick a job starts).
                try? await Task.sleep(for: .milliseconds(250))
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .relaxed)
        }
    }
}
