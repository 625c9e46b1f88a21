import Foundation
import JSON
import GRDB
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Sage100
import ServiceLifecycle
import Synchronization

/// A stand-in for the Sage 100 agent (the Windows service wrapping BOI), serving the contract
/// in `docs/agent-api.yaml` over loopback HTTP or HTTPS (optionally mutual TLS), with the
/// Sage tables in a SQLite file and the failure modes of the real thing: record locks at a
/// seeded rate, module locks (423 + Retry-After), write latency with one writer per
/// company, and a hook that drops the connection after a commit.
///
/// ```swift
/// let sim = try SageAgentSimulator(configuration: .init(apiKey: "k"))
/// try await sim.start()
/// print(sim.baseURL)      // http://127.0.0.1:PORT
/// await sim.stop()
/// ```
public final class SageAgentSimulator: Sendable {
    public let configuration: SageAgentSimulatorConfiguration
    let core: SageSimCore
    private let connections = SageSimConnections()

    private struct Running {
        var task: Task<Void, Never>?
        var group: ServiceGroup?
        var port: Int?
    }
    private let running = Mutex(Running())

    /// Opens (or creates and seeds) the database; does not listen yet.
    public init(configuration: SageAgentSimulatorConfiguration = .init()) throws {
        self.configuration = configuration
        core = try SageSimCore(configuration: configuration)
    }

    /// The SQLite file holding the simulated Sage tables.
    public var databasePath: String { core.databasePath }

    /// The bound port (after ``start()``).
    public var port: Int { running.withLock { $0.port ?? 0 } }

    /// "http://127.0.0.1:PORT" or "https://…" (after ``start()``).
    public var baseURL: String {
        let host = configuration.host == "::1" ? "[::1]" : configuration.host
        return "\(configuration.tls == nil ? "http" : "https")://\(host):\(port)"
    }

    /// Starts listening; returns once the port is bound.
    public func start() async throws {
        if running.withLock({ $0.task != nil }) { return }
        let server = try serverBuilder()
        let router = SageSimRoutes.router(core: core, ebusiness: SageSimEBusiness(core: core), connections: connections)
        var logger = Logger(label: "ml-connector.sandbox.sage")
        logger.logLevel = .error
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let failure = Mutex<String?>(nil)
        let app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "ml-connector Sage agent simulator"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                failure.withLock { $0 = String(describing: error) }
            }
            portContinuation.finish()
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let bound, bound > 0 else {
            task.cancel()
            throw SageAgentSimulatorError.cannotBind(host: configuration.host, port: configuration.port,
                                                      reason: failure.withLock { $0 } ?? "the server stopped before listening")
        }
        core.markStarted()
        running.withLock {
            $0.task = task
            $0.group = group
            $0.port = bound
        }
    }

    /// Stops listening and waits for the server to finish. A temporary database (no
    /// `databasePath` configured) is deleted; a configured one stays.
    public func stop() async {
        defer { removeTemporaryDatabase() }
        let (task, group) = running.withLock { r -> (Task<Void, Never>?, ServiceGroup?) in
            defer {
                r.task = nil
                r.group = nil
            }
            return (r.task, r.group)
        }
        // Graceful: stop accepting, let in-flight requests finish, close idle connections.
        // A connection that stays busy past 5 s is cut off.
        await group?.triggerGracefulShutdown()
        guard let task else { return }
        try? await Task.sleep(for: .milliseconds(20))  // let answers being written go out
        connections.closeIdle()
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(5))
            if !Task.isCancelled { task.cancel() }
        }
        await task.value
        watchdog.cancel()
    }

    private func removeTemporaryDatabase() {
        guard configuration.databasePath == nil else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: core.databasePath + suffix) }
    }

    /// Counters: writes, injected locks, module locks, duplicates, rejections.
    public func stats() -> SageSimulatorStats { core.stats }

    /// Every posted document with its idempotency key, in posting order.
    public func postings() throws -> [SageSimulatorPosting] { try core.postings() }

    /// What the Sage tables hold for a job, summed by SQL over the tables themselves: purchase
    /// order lines, AP invoice lines, and manual-check lines paying an invoice with a line on
    /// the job; and per purchase order, its lines on the job.
    public func jobTotals(_ job: String) throws -> SageJobTotals {
        try core.database.read { db in
            func sum(_ sql: String) throws -> Decimal {
                var total = Decimal(0)
                for text in try String.fetchAll(db, sql: sql, arguments: [job]) { total += SageDecimal.parse(text) ?? 0 }
                return total
            }
            var orders: [String: Decimal] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT PurchaseOrderNo, ExtensionAmt FROM PO_PurchaseOrderDetail WHERE JobNo = ?",
                                        arguments: [job]) {
                orders[row["PurchaseOrderNo"], default: 0] += SageDecimal.parse(row["ExtensionAmt"] as String) ?? 0
            }
            return SageJobTotals(
                purchaseOrderLines: try sum("SELECT ExtensionAmt FROM PO_PurchaseOrderDetail WHERE JobNo = ?"),
                invoiceLines: try sum("SELECT DistributionAmt FROM AP_InvoiceDetail WHERE JobNo = ?"),
                checkLines: try sum("""
                    SELECT d.InvoiceAmt FROM AP_ManualCheckDetail d JOIN AP_ManualCheckHeader h
                      ON h.BankCode = d.BankCode AND h.CheckNo = d.CheckNo
                    WHERE EXISTS (SELECT 1 FROM AP_InvoiceDetail i WHERE i.APDivisionNo = h.APDivisionNo
                                  AND i.VendorNo = h.VendorNo AND i.InvoiceNo = d.InvoiceNo AND i.JobNo = ?1)
                    """),
                purchaseOrders: orders)
        }
    }

    /// Keys a document as a Sage user would in Sage's own data entry (no agent import, no
    /// idempotency key): BOI's rules apply; the job-to-date read shows it as keyed in Sage.
    public func keyInSage(_ kind: SageDocumentKind, record: JSONValue) async throws -> RecordResult {
        try await core.keyInSage(kind: kind, record: record)
    }

    /// A payroll or Job Cost entry made in Sage (not through the agent). Returns its key.
    @discardableResult
    public func keyJobCost(_ entry: SageJobCostEntry) async throws -> String {
        try await core.keyJobCost(entry)
    }

    /// Test hook: the next `count` import requests commit their records, then the connection
    /// is closed mid-answer (status and headers sent, body cut short), so the client cannot
    /// know the outcome and must settle it through `GET /postings`.
    public func dropConnectionAfterCommit(count: Int) { core.dropConnectionAfterCommit(count: count) }

    /// Test hook: lock the whole module now for `duration` (imports answer 423 + Retry-After).
    public func lockModule(for duration: Duration) { core.lockModule(for: duration) }

    /// Answers the next `count` import requests `423 Locked` (Retry-After 1), however long the
    /// client takes to send them: a lock a test can rely on without racing the clock.
    public func lockModule(forNextImports count: Int) { core.lockModule(forNextImports: count) }

    // MARK: - TLS

    private func serverBuilder() throws -> HTTPServerBuilder {
        guard let tls = configuration.tls else { return .http1() }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath)
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            var tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            tlsConfiguration.minimumTLSVersion = .tlsv12
            // Idle clients (libcurl's pool) do not answer close_notify; do not wait 5 s for it.
            tlsConfiguration.shutdownTimeout = .milliseconds(200)
            if configuration.mtls, let caPath = tls.caCertificatePath {
                tlsConfiguration.certificateVerification = .noHostnameVerification
                tlsConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caPath))
            }
            return try .tls(.http1(), tlsConfiguration: tlsConfiguration)
        } catch {
            throw SageAgentSimulatorError.tlsFiles(
                "cannot load \(tls.certificatePath), \(tls.privateKeyPath)\(tls.caCertificatePath.map { ", \($0)" } ?? ""): \(error). "
                    + "Generate them with TestCertificates.generate(in:) or `ml-connector sandbox sage --tls-dir DIR`.")
        }
    }
}

/// A job's figures as the simulator's Sage tables hold them (see ``SageAgentSimulator/jobTotals(_:)``).
public struct SageJobTotals: Sendable, Equatable {
    public var purchaseOrderLines: Decimal
    public var invoiceLines: Decimal
    public var checkLines: Decimal
    /// Purchase order number -> its lines on the job.
    public var purchaseOrders: [String: Decimal]
}
