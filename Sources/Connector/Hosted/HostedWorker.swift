import Foundation
import Hosting
import Ledger
import Logging
import Procore
import Sage100

/// One worker of the hosted mode (`ml-connector serve --tenants`). Any number of them, in
/// any number of processes and machines, share the tenants file and the lease store:
///
/// - every tick the worker looks for companies with work: a job due on the company's own
///   `schedule:`, or a lease whose holder died (it neither renewed nor released it);
/// - it takes such a company's lease (at most ``concurrency`` at once), renews it every third
///   of its length while it works, runs the due jobs through the company's own
///   ``ServeWorker``, and releases it;
/// - every write to the company's Sage runs under the company's post lock after checking the
///   lease (``LeasedSageAgent``), so two workers never write to one company at once;
/// - taking over a dead worker's company, it first runs a whole pay cycle: the post stage
///   settles the `uncertain` records with the agent before sending anything, then finishes
///   what the dead worker left.
///
/// One company's failure or rate limit stays with that company: each runs in its own task
/// with its own clients, and a failed job runs again at its next tick.
public actor HostedWorker {
    public let identity: String
    public let tenants: TenantsFile
    let store: any LeaseStore
    let concurrency: Int
    let logger: Logger
    let onEvent: (@Sendable (HostedEvent) -> Void)?
    /// How long between looks for work while idle.
    let tick: Duration
    let agentFor: (@Sendable (String, RunConfiguration) throws -> any SageAgent)?
    /// Where the companies' configurations read their secrets (`*_env` keys).
    let environment: [String: String]

    private var configurations: [String: RunConfiguration] = [:]
    private var companies: [String: Company] = [:]
    private var stopping = false

    /// What the worker keeps of a company it has served: its ledger, its serve worker, and its
    /// agent behind the lease.
    struct Company {
        let worker: ServeWorker
        let agent: LeasedSageAgent
    }

    /// - Parameters:
    ///   - identity: this worker's name in the lease store (unique across workers).
    ///   - agentFor: the Sage agent of a company instead of its configured one (tests).
    public init(identity: String, tenants: TenantsFile, store: any LeaseStore, concurrency: Int = 4,
                tick: Duration = .milliseconds(500), logger: Logger = Logger(label: "ml-connector.hosted"),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                agentFor: (@Sendable (String, RunConfiguration) throws -> any SageAgent)? = nil,
                onEvent: (@Sendable (HostedEvent) -> Void)? = nil) {
        precondition(!identity.isEmpty && concurrency >= 1)
        self.identity = identity
        self.tenants = tenants
        self.store = store
        self.concurrency = concurrency
        self.tick = tick
        self.logger = logger
        self.agentFor = agentFor
        self.environment = environment
        self.onEvent = onEvent
    }

    /// A name for this worker: host, process and a random part (two workers on one machine,
    /// or a restarted one, never share a name).
    public static func defaultIdentity() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host)-\(getpid())-\(UUID().uuidString.prefix(6).lowercased())"
    }

    nonisolated var leaseDuration: Duration { .seconds(tenants.leaseSeconds) }

    /// Looks for work until ``stop()`` (then finishes the companies in hand and releases them),
    /// or with `untilIdle` until no company has work and no worker holds one.
    public func run(untilIdle: Bool = false) async {
        onEvent?(.ready(worker: identity, tenants: tenants.tenants.count, store: tenants.store.description))
        logger.info("hosted worker started", metadata: ["worker": "\(identity)", "tenants": "\(tenants.tenants.count)",
                                                         "store": "\(tenants.store)"])
        // Workers start their rounds at different companies, so they spread out at once.
        let offset = Int(UInt(bitPattern: identity.hashValue) % UInt(max(tenants.tenants.count, 1)))
        let rotation = Array(tenants.tenants[offset...] + tenants.tenants[..<offset])
        // A tenant that shares a ledger, outbox, inbox or staging folder with another is never
        // served: its records would be reachable through the other's configuration.
        for (name, reason) in tenants.clashes(environment: environment).sorted(by: { $0.key < $1.key }) {
            refused.insert(name)
            logger.error("tenant refused", metadata: ["tenant": "\(name)", "reason": "\(reason)"])
            onEvent?(.tenantFailed(company: name, message: reason))
        }
        let order = rotation.filter { !refused.contains($0.name) }
        let names = Set(tenants.tenants.map(\.name))
        // Structured: each company's work is a child task; the loop wakes when one finishes or
        // at the next tick, whichever comes first.
        await withTaskGroup(of: String?.self) { group in
            var running: Set<String> = []
            while !stopping {
                // Only this file's companies: the store may hold other deployments' leases.
                let abandoned = Set((try? await store.abandoned()) ?? []).intersection(names)
                var waiting = false
                // A dead worker's companies first: their records may wait, uncertain, for a takeover.
                let round = order.filter { abandoned.contains($0.name) } + order.filter { !abandoned.contains($0.name) }
                for tenant in round where !running.contains(tenant.name) {
                    if stopping { break }
                    // A dead worker's company has work whatever its schedule says.
                    let hasWork = abandoned.contains(tenant.name) ? company(tenant) != nil : await hasDueWork(tenant)
                    guard hasWork else { continue }
                    waiting = true
                    // A dead worker's company is taken at once, past --concurrency: its records
                    // may wait, uncertain, and its lease period is the promise.
                    guard running.count < concurrency || abandoned.contains(tenant.name),
                          let lease = await take(tenant) else { continue }
                    guard let company = company(tenant) else {
                        try? await store.release(lease)
                        continue
                    }
                    running.insert(tenant.name)
                    group.addTask { [self] in
                        await serve(tenant, lease: lease, company: company)
                        return tenant.name
                    }
                }
                if untilIdle, running.isEmpty, !waiting, abandoned.isEmpty, await nobodyHoldsAny() {
                    onEvent?(.idle)
                    break
                }
                let tick = self.tick
                group.addTask {
                    try? await Task.sleep(for: tick)
                    return nil
                }
                // Collect what finished; at least the next tick.
                while let next = await group.next() {
                    guard let done = next else { break }
                    running.remove(done)
                }
            }
            // Stopping: the companies in hand finish their job and are released.
            while let next = await group.next() {
                if let done = next { running.remove(done) }
            }
        }
        logger.info("hosted worker stopped", metadata: ["worker": "\(identity)"])
    }

    /// Takes no more companies; those in hand finish their job and are released.
    public func stop() {
        stopping = true
    }

    /// The company's lease for this worker, or nil when another worker has it or the store
    /// did not answer.
    private func take(_ tenant: TenantsFile.Tenant) async -> CompanyLease? {
        do {
            return try await store.acquire(company: tenant.name, owner: identity, for: leaseDuration)
        } catch {
            logger.warning("the lease store did not answer", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func nobodyHoldsAny() async -> Bool {
        for tenant in tenants.tenants {
            // A store that does not answer leaves the question open: not idle.
            let held: CompanyLease?
            do { held = try await store.holder(of: tenant.name) } catch { return false }
            if held != nil { return false }
        }
        return true
    }

    /// True when one of the company's jobs is due (a company whose ledger cannot be read
    /// has none: the failure is reported once, the others go on).
    private func hasDueWork(_ tenant: TenantsFile.Tenant) async -> Bool {
        guard let company = company(tenant) else { return false }
        return await !company.worker.dueJobs().isEmpty
    }

    /// Tenants never served by this worker (``TenantsFile/clashes(environment:)``).
    private var refused: Set<String> = []
    /// Tenants that could not be opened, and when: tried again after a minute (the
    /// configuration may have been fixed, the ledger's disk freed).
    private var failedTenants: [String: ContinuousClock.Instant] = [:]

    private func company(_ tenant: TenantsFile.Tenant) -> Company? {
        if let company = companies[tenant.name] { return company }
        if let failed = failedTenants[tenant.name], ContinuousClock.now - failed < .seconds(60) { return nil }
        do {
            let configuration = try RunConfiguration.load(path: tenant.configPath, environment: environment)
            try configuration.checkSecrets(procore: true)
            let ledger = try ConnectorLedger.open(path: configuration.ledgerPath, url: configuration.ledgerURL, stagingRoot: configuration.stagingDirectory)
            let procore = try configuration.base.procore.clientConfiguration(file: configuration.file)
            let base = try agentFor?(tenant.name, configuration) ?? PayCycle(configuration: configuration).makeAgent()
            let agent = LeasedSageAgent(base: base, store: store, company: tenant.name)
            var tenantLogger = logger
            tenantLogger[metadataKey: "tenant"] = "\(tenant.name)"
            let onEvent = self.onEvent
            let name = tenant.name
            let worker = try ServeWorker(configuration: configuration, ledger: ledger, metrics: ServeMetrics(),
                                         procore: ProcoreClient(configuration: procore), agent: agent, logger: tenantLogger,
                                         onEvent: { event in
                                             guard case .jobFinished(let job, let exitCode, let headline, let seconds) = event else { return }
                                             onEvent?(.jobFinished(company: name, job: job, exitCode: exitCode,
                                                                   headline: headline, seconds: seconds))
                                         })
            let company = Company(worker: worker, agent: agent)
            companies[tenant.name] = company
            return company
        } catch {
            failedTenants[tenant.name] = ContinuousClock.now
            logger.error("tenant cannot be served", metadata: ["tenant": "\(tenant.name)", "error": "\(error)"])
            onEvent?(.tenantFailed(company: tenant.name, message: "\(error)"))
            return nil
        }
    }

    /// Works for one company under `lease`, then releases it.
    private nonisolated func serve(_ tenant: TenantsFile.Tenant, lease: CompanyLease, company: Company) async {
        onEvent?(.took(company: tenant.name, generation: lease.generation, abandonedBy: lease.abandonedBy))
        logger.info("lease taken", metadata: ["tenant": "\(tenant.name)", "generation": "\(lease.generation)",
                                              "abandoned_by": "\(lease.abandonedBy ?? "")"])
        company.agent.lease = lease
        // The lease is renewed every third of its length while the jobs run; a lost lease
        // stops the writes at once (the agent refuses them) and the jobs after the current one.
        let kept = await withTaskGroup(of: Bool.self) { group -> Bool in
            group.addTask { [store, leaseDuration, logger, onEvent] in
                var current = lease
                while true {
                    do {
                        try await Task.sleep(for: leaseDuration / 3)
                    } catch {
                        return true  // the jobs are done
                    }
                    do {
                        current = try await store.renew(current, for: leaseDuration)
                    } catch LeaseError.lost {
                        company.agent.lease = nil  // write nothing more
                        logger.warning("lease lost", metadata: ["tenant": "\(tenant.name)"])
                        onEvent?(.lost(company: tenant.name))
                        return false
                    } catch {
                        // The store did not answer: try again; the lease still runs until it expires.
                    }
                }
            }
            var jobs = await company.worker.dueJobs()
            if lease.abandonedBy != nil {
                // The last holder died mid-cycle: settle and finish its work first.
                jobs.insert(ServeJob(name: "takeover", work: .payCycle(resources: nil), cadence: .every(seconds: 86_400)), at: 0)
            }
            for job in jobs {
                if company.agent.lease == nil { break }
                await company.worker.run(job)
            }
            group.cancelAll()
            return await group.next() ?? true
        }
        company.agent.lease = nil
        if kept {
            try? await store.release(lease)
            onEvent?(.released(company: tenant.name))
        }
    }
}
