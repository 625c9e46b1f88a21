import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// A local stand-in for Procore's REST API and OAuth server, served over real HTTP.
///
/// Data is generated from a seed (same seed, same bytes). OAuth client credentials, the
/// `Procore-Company-Id` header, project permissions (403), pagination with `Link` headers,
/// incremental filters, rate limits (429) and outages (503) behave as Procore documents them.
///
/// ```swift
/// let sandbox = try await ProcoreSandbox.start(.init(projects: 3))
/// // point a Procore client at sandbox.baseURL (API and auth host)
/// await sandbox.stop()
/// ```
public final class ProcoreSandbox: Sendable {
    /// The configuration it runs with (`port` is the requested one; see ``port``).
    public let configuration: ProcoreSandboxConfiguration
    /// The port it listens on.
    public let port: Int
    let state: ProcoreSandboxState
    let webhooks: ProcoreWebhooks
    private let group: ServiceGroup
    private let runner: Task<Void, Never>

    /// API and OAuth base URL, e.g. `http://127.0.0.1:4010`.
    public var baseURL: String { "http://\(configuration.host):\(port)" }

    private init(configuration: ProcoreSandboxConfiguration, port: Int, state: ProcoreSandboxState,
                 webhooks: ProcoreWebhooks, group: ServiceGroup, runner: Task<Void, Never>) {
        self.configuration = configuration
        self.port = port
        self.state = state
        self.webhooks = webhooks
        self.group = group
        self.runner = runner
    }

    /// Generates the data and starts listening; returns once the port is bound.
    public static func start(_ config: ProcoreSandboxConfiguration) async throws -> ProcoreSandbox {
        try validate(config)
        let state = ProcoreSandboxState(configuration: config)
        let base = BaseURL()
        let webhooks = ProcoreWebhooks(configuration: config)
        let responder = ProcoreResponder(state: state, configuration: config, base: base, webhooks: webhooks)
        var logger = Logger(label: "procore-sandbox")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(config.host, port: config.port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? config.port
                base.set("http://\(config.host):\(bound)")
                continuation.yield(bound)
            },
            logger: logger)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let runner = Task {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        do {
            for try await port in ports {
                return ProcoreSandbox(configuration: config, port: port, state: state, webhooks: webhooks, group: group, runner: runner)
            }
        } catch {
            throw ProcoreSandboxError.cannotListen(host: config.host, port: config.port, reason: "\(error)")
        }
        throw ProcoreSandboxError.cannotListen(host: config.host, port: config.port, reason: "the server stopped before it was ready")
    }

    private static func validate(_ c: ProcoreSandboxConfiguration) throws {
        func bad(_ f: String, _ v: Any, _ e: String) -> ProcoreSandboxError { .invalidConfiguration(field: f, value: "\(v)", expected: e) }
        guard (1...10_000).contains(c.projects) else { throw bad("projects", c.projects, "1...10000") }
        guard (1...20_000).contains(c.recordsPerProject) else { throw bad("recordsPerProject", c.recordsPerProject, "1...20000") }
        guard (0...c.projects).contains(c.forbidProjects) else { throw bad("forbidProjects", c.forbidProjects, "0...\(c.projects)") }
        guard (0...1).contains(c.failRate) else { throw bad("failRate", c.failRate, "a share between 0 and 1") }
        guard (0...1).contains(c.webhookDropRate) else { throw bad("webhookDropRate", c.webhookDropRate, "a share between 0 and 1") }
        guard (0...65_535).contains(c.port) else { throw bad("port", c.port, "0...65535") }
        guard c.tokenTTL > .zero else { throw bad("tokenTTL", c.tokenTTL, "a positive duration") }
        if let h = c.hourlyLimit, h < 1 { throw bad("hourlyLimit", h, "at least 1, or nil for none") }
        if let s = c.spikeLimit, s < 1 { throw bad("spikeLimit", s, "at least 1, or nil for none") }
        guard !c.clientID.isEmpty, !c.clientSecret.isEmpty else { throw bad("clientID/clientSecret", "empty", "non-empty credentials") }
        if let h = c.hostile, !HostileAnswer.procore.contains(h) {
            throw bad("hostile", h, "one of " + HostileAnswer.procore.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// Counters since start.
    public func stats() async -> ProcoreSandboxStats { await state.snapshotStats() }

    /// Bumps `updated_at` to now (strictly increasing) on `count` live records of `resource`
    /// (a list resource name such as `requisitions`), least recently updated first, and
    /// returns their ids. Same as `POST /_sandbox/touch`. An unknown resource touches nothing.
    public func touch(resource: String, count: Int) async -> [Int64] {
        let ids = (try? await state.touch(resource: resource, count: count)) ?? []
        await notifyWebhooks(resource: resource, ids: ids)
        return ids
    }

    /// Like ``touch(resource:count:)`` within one project; throws for an unknown resource or project.
    public func touch(resource: String, count: Int, projectID: Int64) async throws -> [Int64] {
        let ids: [Int64]
        do { ids = try await state.touch(resource: resource, count: count, projectID: projectID) }
        catch let e as ProcoreRequestError { throw ProcoreSandboxTouchError(message: e.message) }
        await notifyWebhooks(resource: resource, ids: ids)
        return ids
    }

    /// Approves `count` pending commitment change orders or requisitions under review, as a
    /// project manager would (same as `POST /_sandbox/approve`), and announces each to the
    /// webhooks as an `update`. Returns their ids.
    public func approve(resource: String, count: Int, projectID: Int64? = nil) async throws -> [Int64] {
        let ids: [Int64]
        do { ids = try await state.approve(resource: resource, count: count, projectID: projectID) }
        catch let e as ProcoreRequestError { throw ProcoreSandboxTouchError(message: e.message) }
        await notifyWebhooks(resource: resource, ids: ids)
        return ids
    }

    /// Adds `count` new approved records of `resource` (commitment change orders, requisitions,
    /// payment applications, contract payments or vendors) as people would in Procore (same as
    /// `POST /_sandbox/create`), and announces each to the webhooks as a `create`. Returns
    /// their ids. `commitmentID` names the commitment of a new change order or requisition.
    public func create(resource: String, count: Int, projectID: Int64? = nil, commitmentID: Int64? = nil) async throws -> [Int64] {
        let ids: [Int64]
        do { ids = try await state.create(resource: resource, count: count, projectID: projectID, commitmentID: commitmentID) }
        catch let e as ProcoreRequestError { throw ProcoreSandboxTouchError(message: e.message) }
        await notifyWebhooks(resource: resource, ids: ids, eventType: "create")
        return ids
    }

    /// Ends the lifetime of every token issued so far, as the passing of `tokenTTL` would: the
    /// next request with one of them is answered 401 "expired". For tests of expiry without
    /// waiting on the clock.
    public func expireTokens() async { await state.expireAllTokens() }

    /// What the generator produced: ids and record counts per resource.
    public func dataset() async -> ProcoreSandboxDataset { ProcoreSandboxDataset(await state.dataset) }

    /// Stops listening after in-flight requests finish.
    public func stop() async {
        await webhooks.stop()
        await group.triggerGracefulShutdown()
        await runner.value
    }
}

/// Why an admin `touch` failed.
public struct ProcoreSandboxTouchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The base URL, known once the port is bound.
final class BaseURL: Sendable {
    private let storage = NIOLockedValueBox("")
    func set(_ value: String) { storage.withLockedValue { $0 = value } }
    var value: String { storage.withLockedValue { $0 } }
}
