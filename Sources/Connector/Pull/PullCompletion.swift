import Foundation
import Ledger
import Procore

/// The end of a pull, shared by the polling pull (``Puller``) and the early pull of webhook
/// events: write the staging manifest and rename the run into place, then (files safely on
/// disk) let the ledger move cursors and hashes, and finish the run with its summary.
struct PullCompletion {
    var ledger: Ledger
    var staging: StagingRun
    var runID: RunID
    var companyID: Int64
    var full: Bool
    var runStart: Date
    var finishedAt: Date
    var duration: Duration
    var metricsBefore: ProcoreClientMetrics
    var metricsAfter: ProcoreClientMetrics
    /// Resources reported with 0 when no scope of theirs staged anything.
    var resources: [ProcoreResource] = []
    /// The source sequence number the pull's payment plan saw, when it made one.
    var paymentsPlannedThrough: Int64? = nil

    func commit(_ outcomes: [PullScopeOutcome]) async throws -> PullSummary {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let companyID = companyID
        let forbidden = outcomes.filter { $0.status == .forbidden }.map {
            PullSummary.Forbidden(resource: $0.item.resource.stagedName, projectID: $0.item.projectID,
                                  endpoint: $0.endpoint ?? $0.item.resource.listPath(companyID: companyID, projectID: $0.item.projectID).path)
        }
        let failed = outcomes.filter { $0.status == .failed }.map {
            PullSummary.Failed(resource: $0.item.resource.stagedName, scope: $0.item.scope,
                               projectID: $0.item.projectID, endpoint: $0.endpoint, message: $0.message ?? "failed")
        }
        let startedAt = Timestamp.string(from: runStart, milliseconds: true)
        let finishedAt = Timestamp.string(from: finishedAt, milliseconds: true)
        let (runID, full, before, after) = (runID, full, metricsBefore, metricsAfter)
        let scopes = outcomes.map(\.manifestScope)
        let (directory, _) = try await staging.commit { files in
            StagingManifest(runID: runID, companyID: companyID, startedAt: startedAt, finishedAt: finishedAt,
                            durationSeconds: seconds, full: full, files: files, scopes: scopes,
                            forbidden: forbidden, failed: failed,
                            requests: after.requests - before.requests,
                            rateLimited: after.rateLimited - before.rateLimited,
                            unavailable: after.unavailable - before.unavailable,
                            retries: after.retries - before.retries,
                            tokens: after.tokensIssued - before.tokensIssued,
                            pacingWaits: after.waitsForPacing - before.waitsForPacing,
                            pacingWaitSeconds: after.pacingWaitSeconds - before.pacingWaitSeconds)
        }
        // Files are safely on disk: now the cursors and hashes may move.
        let completed = outcomes.compactMap(\.completed)
        try ledger.commitPull(runID: runID, completed: completed,
                              paymentsPlannedThrough: completed.count == outcomes.count ? paymentsPlannedThrough : nil)

        var records: [String: Int] = [:]
        var received: [String: Int] = [:]
        for resource in resources {
            records[resource.stagedName] = 0
            received[resource.stagedName] = 0
        }
        for outcome in outcomes {
            records[outcome.item.resource.stagedName, default: 0] += outcome.staged
            received[outcome.item.resource.stagedName, default: 0] += outcome.received
        }
        var summary = PullSummary(
            runID: runID, stagedDirectory: directory,
            status: forbidden.isEmpty && failed.isEmpty ? "complete" : "partial", full: full,
            records: records, received: received,
            requests: after.requests - before.requests,
            rateLimited: after.rateLimited - before.rateLimited,
            retries: after.retries - before.retries,
            tokens: after.tokensIssued - before.tokensIssued,
            forbidden: forbidden, failed: failed, durationSeconds: (seconds * 1000).rounded() / 1000)
        var payments: PullSummary.Payments?
        for outcome in outcomes {
            guard let listing = outcome.item.payments else { continue }
            var p = payments ?? PullSummary.Payments()
            p.requests += outcome.paymentRequests
            p.commitmentsAsked += listing.contractIDs.count
            p.commitmentsKnown += listing.knownCommitments
            if let reason = listing.sweepReason { p.sweeps[outcome.item.scope] = reason } else {
                p.unpaidRequisition += listing.unpaid
                p.changedRequisition += listing.changed
                p.recheckLater += listing.recheckLater
            }
            payments = p
        }
        summary.payments = payments
        try ledger.finishRun(runID, status: summary.isComplete ? .completed : .partial,
                             summaryJSON: String(decoding: try JSONEncoder.pullSummary.encode(summary), as: UTF8.self))
        return summary
    }
}
