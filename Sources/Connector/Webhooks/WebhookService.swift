import Foundation
import HTTP
import Ledger
import Logging
import Procore
import Sage100
import ServiceLifecycle

/// What `ml-connector webhooks serve` and `webhooks register` call.
public enum WebhookService {
    /// The hook namespace the connector registers under (one hook per company).
    public static let namespace = "ml-connector"
    /// The event types registered for each resource.
    public static let eventTypes = ["create", "update", "delete"]

    /// The checked `webhooks:` section and secret, or an error saying what to add.
    public static func settings(_ configuration: RunConfiguration) throws -> (WebhookSettings, Secret) {
        guard let settings = configuration.webhooks else {
            throw WebhookError.notConfigured(hint: "add a 'webhooks:' section to \(configuration.file) (see templates/connector.yml and docs/webhooks.md).")
        }
        guard let secret = settings.secret else { throw WebhookError.missingSecret(variable: settings.secretVariable) }
        return (settings, secret)
    }

    /// Receives webhooks and runs early pulls until SIGINT or SIGTERM, then stops gracefully
    /// (requests in flight are answered, a pull in flight finishes or is abandoned cleanly).
    ///
    /// - Parameter onReady: called with the receiver's local URL once it listens.
    public static func serve(configuration: RunConfiguration, logger: Logger = Logger(label: "ml-connector.webhooks"),
                             onReady: @escaping @Sendable (String) -> Void = { _ in },
                             onEvent: (@Sendable (WebhookDispatchEvent) -> Void)? = nil) async throws {
        let (settings, secret) = try settings(configuration)
        let procore = try configuration.base.procore.clientConfiguration(file: configuration.file)
        try procore.validate()
        let ledger = try ConnectorLedger.open(path: configuration.ledgerPath, url: configuration.ledgerURL, stagingRoot: configuration.stagingDirectory)
        let client = ProcoreClient(configuration: procore)
        let pull = WebhookPull(source: client, ledger: ledger, stagingRoot: configuration.stagingDirectory,
                               companyID: configuration.base.procore.companyID)
        let dispatcher = WebhookDispatcher(ledger: ledger, companyID: configuration.base.procore.companyID,
                                           debounce: .milliseconds(Int64(settings.debounceSeconds * 1000)),
                                           logger: logger, onEvent: onEvent, pull: { try await pull.run($0) })
        let receiver = try await WebhookReceiver.start(ledger: ledger, secret: secret, host: settings.host, port: settings.port,
                                                       logger: logger, onStored: { _ in Task { await dispatcher.notify() } })
        // One group owns the signals; it stops the receiver first (the last service listed but
        // the announcement), so no new event arrives while the dispatcher finishes. Readiness is
        // said once the signals are trapped, so a stop sent on seeing it is always graceful.
        let url = receiver.url
        let ready = ClosureService { onReady(url); try? await gracefulShutdown() }
        let group = ServiceGroup(services: [DispatcherService(dispatcher: dispatcher), receiver, ready],
                                 gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        do {
            try await group.run()
        } catch {
            await receiver.stop()
            throw error
        }
    }

    /// What `register` did.
    public struct Registration: Sendable, Codable, Equatable {
        public var hookID: Int64
        public var destinationURL: String
        /// true when the hook already existed (its URL and secret were updated).
        public var updated: Bool
        /// `resource_name/event_type` pairs created now.
        public var triggersCreated: [String]
        /// Pairs that were already registered.
        public var triggersKept: Int
        /// Resources the connector stages that Procore offers no webhook for (polling covers them).
        public var notOffered: [String] = []

        enum CodingKeys: String, CodingKey {
            case hookID = "hook_id", destinationURL = "destination_url", updated
            case triggersCreated = "triggers_created", triggersKept = "triggers_kept", notOffered = "not_offered"
        }
    }

    /// Creates (or updates) the connector's hook and the triggers for every staged resource.
    /// Safe to run again: existing triggers are kept.
    public static func register(configuration: RunConfiguration, http: (any HTTPClient)? = nil,
                                resources: [ProcoreResource] = ProcoreResource.allCases) async throws -> Registration {
        let (settings, secret) = try settings(configuration)
        guard let url = settings.publicURL else {
            throw WebhookError.notConfigured(hint: "set webhooks.public_url to the https address Procore can reach (it forwards to webhooks.listen).")
        }
        let procore = try configuration.base.procore.clientConfiguration(file: configuration.file)
        try procore.validate()
        let transport = http ?? CurlHTTPClient(configuration: HTTPClientConfiguration(timeout: procore.requestTimeout))
        let client = ProcoreClient(configuration: procore, http: transport)
        let api = ProcoreWebhooksAPI(client: client, http: transport)
        return try await register(api: api, destinationURL: url, authorization: secret.revealed, resources: resources)
    }

    /// ``register(configuration:http:resources:)`` over an existing API client.
    public static func register(api: ProcoreWebhooksAPI, destinationURL: String, authorization: String,
                                resources: [ProcoreResource] = ProcoreResource.allCases) async throws -> Registration {
        let existing = try await api.hooks(namespace: namespace).first { $0.ownedByProjectID == nil }
        let hook: ProcoreWebhookHook
        if let existing {
            hook = try await api.updateHook(id: existing.id, destinationURL: destinationURL, authorization: authorization)
        } else {
            hook = try await api.createHook(namespace: namespace, destinationURL: destinationURL, authorization: authorization)
        }
        let have = Set(try await api.triggers(hookID: hook.id).map { "\($0.resourceName.lowercased())/\($0.eventType.lowercased())" })
        // Only what Procore offers as webhook resources; the rest is left to polling.
        let offered = try await api.webhookResources()
        var created: [String] = []
        var kept = 0
        var notOffered: [String] = []
        for resource in resources {
            guard let refused = offered[resource.webhookResourceName.lowercased()] else {
                notOffered.append(resource.webhookResourceName)
                continue
            }
            for type in eventTypes where !refused.contains(type) {
                let key = "\(resource.webhookResourceName.lowercased())/\(type)"
                if have.contains(key) { kept += 1; continue }
                _ = try await api.createTrigger(hookID: hook.id, resourceName: resource.webhookResourceName, eventType: type)
                created.append("\(resource.webhookResourceName)/\(type)")
            }
        }
        return Registration(hookID: hook.id, destinationURL: destinationURL, updated: existing != nil,
                            triggersCreated: created, triggersKept: kept, notOffered: notOffered)
    }
}

/// The dispatcher as a service of a ``ServiceGroup``: stops on graceful shutdown.
struct DispatcherService: Service {
    let dispatcher: WebhookDispatcher

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await dispatcher.run()
        }
    }
}
