import Foundation
import Ledger
import Procore

/// Records of one resource in one scope that webhooks said changed.
public struct WebhookPullTarget: Sendable, Equatable {
    public var resource: ProcoreResource
    /// nil for company resources (vendors).
    public var projectID: Int64?
    public var ids: [Int64]

    public init(resource: ProcoreResource, projectID: Int64?, ids: [Int64]) {
        self.resource = resource
        self.projectID = projectID
        self.ids = ids
    }
}

/// An early pull of just the records webhooks named.
///
/// It is the regular pull of each (resource, scope) (``ScopePuller``: content hashes, children,
/// staged lines, a staging folder with its manifest that the next transform reads) over a
/// source that lists only the wanted ids. Unlike the polling pull it never moves the
/// `updated_at` cursors and never replaces a scope's stored hashes: it only adds the hashes of
/// the records it staged, so the next polling pull still covers everything else in its window.
public struct WebhookPull: Sendable {
    public let source: any ProcoreSource
    public let ledger: Ledger
    public let stagingRoot: String
    public let companyID: Int64
    public let childConcurrency: Int

    public init(source: any ProcoreSource, ledger: Ledger, stagingRoot: String, companyID: Int64, childConcurrency: Int = 4) {
        self.source = source
        self.ledger = ledger
        self.stagingRoot = stagingRoot
        self.companyID = companyID
        self.childConcurrency = max(1, childConcurrency)
    }

    /// Pulls the targets into one staging run. Throws ``PullError`` when the pull cannot run
    /// (another pull holds the staging lock, credentials refused, ledger or disk failure).
    public func run(_ targets: [WebhookPullTarget]) async throws -> PullSummary {
        let lock: StagingLock
        do { lock = try StagingLock.acquire(root: stagingRoot) } catch { throw PullError.staging(error) }
        defer { withExtendedLifetime(lock) {} }
        let runStart = Date()
        let clock = ContinuousClock.now
        let runID: RunID
        do { runID = try ledger.beginRun(kind: "pull", at: runStart) } catch { throw PullError.ledger("\(error)") }
        let resources = ProcoreResource.allCases.filter { r in targets.contains { $0.resource == r } }
        let staging: StagingRun
        do {
            staging = try StagingRun(root: stagingRoot, runID: runID, resources: resources.map(\.stagedName))
        } catch {
            try? ledger.finishRun(runID, status: .failed, summaryJSON: Puller.errorJSON(error))
            throw PullError.staging(error)
        }
        var ids: [String: [Int64]] = [:]
        for t in targets {
            let key = RecordIDSource.key(t.resource, t.resource.scope == .company ? nil : t.projectID)
            ids[key, default: []] += t.ids.filter { !(ids[key] ?? []).contains($0) }
        }
        let filtered = RecordIDSource(base: source, ids: ids)
        let options = PullOptions(resources: resources, full: false, maxConcurrency: 1, childConcurrency: childConcurrency)
        let windowTo = Timestamp.string(from: runStart, milliseconds: true)
        let metricsBefore = await source.metrics
        do {
            var outcomes: [PullScopeOutcome] = []
            for key in ids.keys.sorted() {
                guard let target = targets.first(where: { RecordIDSource.key($0.resource, $0.resource.scope == .company ? nil : $0.projectID) == key }) else { continue }
                let item = PullWorkItem(resource: target.resource, companyID: companyID,
                                        projectID: target.resource.scope == .company ? nil : target.projectID)
                var projects: [ProcoreRecord]? = nil
                if target.resource == .projects {
                    let wanted = Set(ids[key] ?? [])
                    projects = try await source.projects().filter { wanted.contains($0.id) }
                }
                let puller = ScopePuller(source: filtered, ledger: ledger, writer: staging.writers[target.resource.stagedName]!,
                                         runID: runID, companyID: companyID, options: options, windowTo: windowTo,
                                         projects: projects, events: nil)
                var outcome = await puller.run(item)
                if let fatal = outcome.fatal { throw fatal }
                // Cursors stay where the polling pull left them; only these records' hashes are kept.
                outcome.completed = outcome.completed.map {
                    CompletedPullScope(resource: $0.resource, scope: $0.scope, updatedThrough: nil, replaceHashes: false)
                }
                outcome.windowFrom = nil
                outcome.windowTo = nil
                outcomes.append(outcome)
            }
            try Task.checkCancellation()
            let summary = try await PullCompletion(
                ledger: ledger, staging: staging, runID: runID, companyID: companyID, full: false,
                runStart: runStart, finishedAt: Date(), duration: ContinuousClock.now - clock,
                metricsBefore: metricsBefore, metricsAfter: await source.metrics
            ).commit(outcomes)
            return summary
        } catch {
            await staging.abandon()
            let status: RunStatus = error is CancellationError ? .interrupted : .failed
            try? ledger.finishRun(runID, status: status, summaryJSON: Puller.errorJSON(error))
            if let error = error as? PullError { throw error }
            if let error = error as? StagingError { throw PullError.staging(error) }
            if let error = error as? LedgerError { throw PullError.ledger(error.description) }
            throw error
        }
    }
}
