import Foundation
import Ledger
import Procore

/// The incremental pull: Procore -> `staging/<run-id>/<resource>.jsonl` + `manifest.json`.
///
/// For each resource and scope (the company, or each project):
/// - resources Procore filters by `updated_at` are listed in the window
///   `<cursor - overlap> ... <run start>` (first run: from ``PullOptions/initialFrom``), with
///   the upper bound fixed for the whole run; the cursor moves to the run start only when the
///   scope completed;
/// - the others are listed whole and only records whose sha256 changed are staged;
/// - records are de-duplicated by id within the run; each staged parent carries its children;
/// - a 403 on a project is recorded (project, endpoint) and the other projects go on; other
///   failures of a scope are recorded and leave its cursor where it was.
/// Listings run concurrently up to ``PullOptions/maxConcurrency``; each page is written as it
/// arrives, so memory does not grow with the number of records. Records a failed scope had
/// already staged stay in the file (they are real Procore records); since its cursor and hashes
/// did not move, the next run stages them again and later stages dedupe by source version.
///
/// Order of commitment: staged files and `manifest.json` reach the disk (and the run folder
/// its final name) before the ledger's cursors and hashes move, so a crash in between only
/// causes records to be pulled again, never to be skipped.
public struct Puller: Sendable {
    public let source: any ProcoreSource
    public let ledger: Ledger
    /// The staging root (`staging.dir`).
    public let stagingRoot: String
    public let companyID: Int64
    public let options: PullOptions
    public let events: PullEventHandler?
    let now: @Sendable () -> Date

    public init(source: any ProcoreSource, ledger: Ledger, stagingRoot: String, companyID: Int64,
                options: PullOptions = PullOptions(), events: PullEventHandler? = nil) {
        self.init(source: source, ledger: ledger, stagingRoot: stagingRoot, companyID: companyID,
                  options: options, events: events, now: { Date() })
    }

    init(source: any ProcoreSource, ledger: Ledger, stagingRoot: String, companyID: Int64,
         options: PullOptions, events: PullEventHandler?, now: @escaping @Sendable () -> Date) {
        self.source = source
        self.ledger = ledger
        self.stagingRoot = stagingRoot
        self.companyID = companyID
        self.options = options
        self.events = events
        self.now = now
    }

    /// Runs one pull. Scope failures are reported in the summary (``PullSummary/isComplete``
    /// is false); a pull that cannot run at all throws ``PullError``.
    public func run() async throws -> PullSummary {
        let lock: StagingLock
        do { lock = try StagingLock.acquire(root: stagingRoot) } catch { throw PullError.staging(error) }
        defer { withExtendedLifetime(lock) {} }
        StagingRun.removeAbandonedPartials(root: stagingRoot)
        let runStart = now()
        let clock = ContinuousClock.now
        let runID: RunID
        do {
            try ledger.markInterruptedRuns(kind: "pull")
            runID = try ledger.beginRun(kind: "pull", at: runStart, parent: options.parentRun)
        } catch {
            throw PullError.ledger("\(error)")
        }
        let metricsBefore = await source.metrics
        let staging: StagingRun
        do {
            staging = try StagingRun(root: stagingRoot, runID: runID, resources: options.resources.map(\.stagedName))
        } catch {
            try? ledger.finishRun(runID, status: .failed, summaryJSON: Self.errorJSON(error))
            throw PullError.staging(error)
        }

        do {
            let (items, projects) = try await plan()
            var planned: [String: Int] = [:]
            for item in items { planned[item.resource.stagedName, default: 0] += 1 }
            if options.resources.contains(.contractPayments) { planned[ProcoreResource.contractPayments.stagedName] = projectIDs(projects).count }
            events?(.started(runID: runID, scopes: planned))

            let windowTo = Timestamp.string(from: runStart, milliseconds: true)
            var outcomes = try await pull(items, runID: runID, windowTo: windowTo, staging: staging, projects: projects)
            try Task.checkCancellation()
            // Payments are listed per commitment, once this pull's commitments and requisitions
            // are known: only the commitments that can have new payments, or all at a sweep.
            var paymentsPlannedThrough: Int64?
            if options.resources.contains(.contractPayments) {
                let paymentItems = try PaymentPlanner(ledger: ledger, runID: runID, full: options.full,
                                                      sweepInterval: options.paymentsSweep,
                                                      recheckInterval: options.paymentsRecheck, now: runStart)
                    .plan(projectIDs: projectIDs(projects), companyID: companyID)
                paymentsPlannedThrough = paymentItems.compactMap { $0.payments?.throughSeq }.min()
                outcomes += try await pull(paymentItems, runID: runID, windowTo: windowTo, staging: staging, projects: projects)
                try Task.checkCancellation()
            }

            let summary = try await PullCompletion(
                ledger: ledger, staging: staging, runID: runID, companyID: companyID, full: options.full,
                runStart: runStart, finishedAt: now(), duration: ContinuousClock.now - clock,
                metricsBefore: metricsBefore, metricsAfter: await source.metrics, resources: options.resources,
                paymentsPlannedThrough: paymentsPlannedThrough
            ).commit(outcomes)
            events?(.finished(summary))
            return summary
        } catch {
            await staging.abandon()
            let status: RunStatus = error is CancellationError ? .interrupted : .failed
            try? ledger.finishRun(runID, status: status, summaryJSON: Self.errorJSON(error))
            if let error = error as? PullError { throw error }
            if let error = error as? StagingError { throw PullError.staging(error) }
            if let error = error as? LedgerError { throw PullError.ledger(error.description) }
            throw error
        }
    }

    /// The listings of this run: company resources once, project resources per project; and
    /// the company's projects when they were read (reused to stage the `projects` resource).
    func plan() async throws -> ([PullWorkItem], [ProcoreRecord]?) {
        var projectIDs: [Int64] = []
        var projects: [ProcoreRecord]?
        if options.resources.contains(where: { $0.scope == .project }) || options.resources.contains(.projects)
            || options.resources.contains(.lineItemTypes) {
            let all: [ProcoreRecord]
            do {
                all = try await source.projects()
            } catch let error as ProcoreError {
                if case .authenticationFailed = error { throw PullError.authentication(error.description) }
                throw PullError.projectsUnavailable(reason: error.description)
            }
            projects = all
            let known = all.map(\.id)
            if let wanted = options.projects {
                let missing = wanted.filter { !known.contains($0) }
                guard missing.isEmpty else { throw PullError.unknownProjects(missing) }
                projectIDs = wanted
            } else {
                projectIDs = known
            }
        }
        var items: [PullWorkItem] = []
        for resource in options.resources {
            if resource.listedPerCommitment {
                continue // planned once commitments and requisitions are pulled (PaymentPlanner)
            } else if resource == .lineItemTypes {
                // Company-wide, but the spec requires a project_id as well: any project of the company.
                var item = PullWorkItem(resource: resource, companyID: companyID, projectID: nil)
                item.listProjectID = projectIDs.first
                items.append(item)
            } else if resource.scope == .company {
                items.append(PullWorkItem(resource: resource, companyID: companyID, projectID: nil))
            } else {
                items += projectIDs.map { PullWorkItem(resource: resource, companyID: companyID, projectID: $0) }
            }
        }
        return (items, projects)
    }

    /// The project scopes of this pull (the configured list, or every project read while planning).
    private func projectIDs(_ projects: [ProcoreRecord]?) -> [Int64] {
        options.projects ?? projects?.map(\.id) ?? []
    }

    /// Runs the listings with at most `maxConcurrency` in flight; stops everything on a fatal error.
    private func pull(_ items: [PullWorkItem], runID: RunID, windowTo: String, staging: StagingRun,
                      projects: [ProcoreRecord]?) async throws -> [PullScopeOutcome] {
        var outcomes: [PullScopeOutcome] = []
        outcomes.reserveCapacity(items.count)
        try await withThrowingTaskGroup(of: PullScopeOutcome.self) { group in
            var next = 0
            func addNext() {
                let item = items[next]
                next += 1
                let puller = ScopePuller(source: source, ledger: ledger, writer: staging.writers[item.resource.stagedName]!,
                                         runID: runID, companyID: companyID, options: options, windowTo: windowTo,
                                         projects: item.resource == .projects ? projects : nil, events: events)
                group.addTask { await puller.run(item) }
            }
            while next < min(options.maxConcurrency, items.count) { addNext() }
            while let outcome = try await group.next() {
                if let fatal = outcome.fatal {
                    group.cancelAll()
                    throw fatal
                }
                outcomes.append(outcome)
                if next < items.count, !Task.isCancelled { addNext() }
            }
        }
        try Task.checkCancellation()
        // Report in plan order, not completion order.
        let order = Dictionary(uniqueKeysWithValues: items.enumerated().map { ("\($1.resource.stagedName)|\($1.scope)", $0) })
        return outcomes.sorted { order["\($0.item.resource.stagedName)|\($0.item.scope)"]! < order["\($1.item.resource.stagedName)|\($1.item.scope)"]! }
    }

    static func errorJSON(_ error: any Error) -> String {
        let object = ["error": "\(error)"]
        let data = (try? JSONEncoder.pullSummary.encode(object)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONEncoder {
    /// Compact JSON with sorted keys, for summaries.
    static var pullSummary: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
