import Foundation
import Ledger
import Logging
import Procore

/// What one dispatch did.
public struct WebhookDispatchResult: Sendable, Equatable {
    /// Stored events handled (pulled or ignored) and marked processed.
    public var events = 0
    /// Events naming resources we do not stage, another company, or no project: stored and ignored.
    public var ignored = 0
    /// Distinct records asked for, per staged resource name.
    public var requested: [String: Int] = [:]
    /// Records staged by the early pull, per staged resource name.
    public var staged: [String: Int] = [:]
    /// Events kept unprocessed because their scope failed in the pull (tried again later).
    public var kept = 0
    /// The early pull's run, when one ran.
    public var runID: String?
}

/// Live progress of the dispatcher, for `webhooks serve` displays.
public enum WebhookDispatchEvent: Sendable {
    case dispatched(WebhookDispatchResult)
    case ignored(ulid: String, resourceName: String, reason: String)
    case pullFailed(message: String, retryInSeconds: Double)
}

/// Turns stored, unprocessed webhook events into early pulls of just the changed records.
///
/// Events arriving within ``debounce`` of each other share one pull. Each event is marked
/// processed only after the pull that covers it committed; if the pull fails (Procore down,
/// another pull running) the events stay and are tried again later. Polling stays the
/// fallback: an event that never arrives is picked up by the next scheduled pull.
public actor WebhookDispatcher {
    public typealias PullAction = @Sendable ([WebhookPullTarget]) async throws -> PullSummary

    public let ledger: Ledger
    public let companyID: Int64
    /// How long a burst is gathered before the pull.
    public let debounce: Duration
    /// How often stored events are looked for even without a nudge (events stored before a restart).
    public let sweepInterval: Duration
    private let pull: PullAction
    private let logger: Logger
    private let onEvent: (@Sendable (WebhookDispatchEvent) -> Void)?
    private var pending = false
    private var failures = 0

    public init(ledger: Ledger, companyID: Int64, debounce: Duration = .seconds(5), sweepInterval: Duration = .seconds(60),
                logger: Logger = Logger(label: "ml-connector.webhooks"),
                onEvent: (@Sendable (WebhookDispatchEvent) -> Void)? = nil, pull: @escaping PullAction) {
        self.ledger = ledger
        self.companyID = companyID
        self.debounce = debounce
        self.sweepInterval = sweepInterval
        self.pull = pull
        self.logger = logger
        self.onEvent = onEvent
    }

    /// Says a new event was stored: a pull follows after the debounce.
    public func notify() { pending = true }

    /// Runs until cancelled: waits for a nudge (or the sweep interval), gathers the burst, dispatches.
    public func run() async {
        var lastSweep = ContinuousClock.now
        // Events stored while the service was down are handled at once.
        pending = true
        while !Task.isCancelled {
            if pending || ContinuousClock.now - lastSweep >= sweepInterval {
                do { try await Task.sleep(for: debounce) } catch { return }
                pending = false
                lastSweep = ContinuousClock.now
                do {
                    let result = try await dispatch()
                    if result.events > 0 || result.kept > 0 { onEvent?(.dispatched(result)) }
                    if result.kept > 0 {
                        failures += 1
                        let wait = min(300, pow(2, Double(min(failures, 9))))
                        do { try await Task.sleep(for: .seconds(wait)) } catch { return }
                        pending = true
                    } else {
                        failures = 0
                    }
                } catch is CancellationError {
                    return
                } catch {
                    failures += 1
                    let wait = min(300, pow(2, Double(min(failures, 9))))
                    logger.warning("early pull failed; events kept for the next try", metadata: ["error": "\(error)"])
                    onEvent?(.pullFailed(message: "\(error)", retryInSeconds: wait))
                    do { try await Task.sleep(for: .seconds(wait)) } catch { return }
                    pending = true
                }
            } else {
                do { try await Task.sleep(for: .milliseconds(100)) } catch { return }
            }
        }
    }

    /// Handles every stored, unprocessed event now: one pull for all of them, then marks them processed.
    /// - Throws: what the pull throws; the events then stay unprocessed.
    public func dispatch() async throws -> WebhookDispatchResult {
        var result = WebhookDispatchResult()
        var seen = Set<String>()
        var events: [WebhookEventRow] = []
        while true {
            let batch = try ledger.unprocessedWebhookEvents(limit: 1000).filter { !seen.contains($0.ulid) }
            if batch.isEmpty { break }
            for e in batch { seen.insert(e.ulid) }
            events += batch
            if events.count >= 10_000 { break }
        }
        guard !events.isEmpty else { return result }

        var targets: [String: WebhookPullTarget] = [:]
        var order: [String] = []
        var covered: [(ulid: String, key: String)] = []
        for event in events {
            guard let resource = ProcoreResource(webhookResourceName: event.resourceName) else {
                ignore(event, "resource '\(event.resourceName)' is not one the connector stages", &result)
                continue
            }
            if let company = event.companyID, company != companyID {
                ignore(event, "company \(company) is not the configured company \(companyID)", &result)
                continue
            }
            if resource.listedPerCommitment {
                // Procore reads payments only per commitment (contract_id), which the event does not name.
                ignore(event, "a \(resource.stagedName) event names no commitment (contract_id), which Procore requires to read payments; "
                       + "the next polling pull asks the commitments with approved requisitions not fully paid", &result)
                continue
            }
            let project: Int64? = resource.scope == .company ? nil : event.projectID
            if resource.scope == .project && project == nil {
                ignore(event, "a \(resource.stagedName) event without project_id cannot be pulled; the next polling pull covers it", &result)
                continue
            }
            let key = "\(resource.stagedName)|\(project.map(String.init) ?? "-")"
            if targets[key] == nil {
                targets[key] = WebhookPullTarget(resource: resource, projectID: project, ids: [])
                order.append(key)
            }
            if !targets[key]!.ids.contains(event.resourceID) { targets[key]!.ids.append(event.resourceID) }
            covered.append((event.ulid, key))
        }
        var retry = Set<String>()
        if !order.isEmpty {
            let list = order.map { targets[$0]! }
            for t in list { result.requested[t.resource.stagedName, default: 0] += t.ids.count }
            let summary = try await pull(list)
            result.runID = summary.runID
            result.staged = summary.records
            // A scope that failed (not forbidden: that will not change) keeps its events for the next try.
            retry = Set(summary.failed.map { "\($0.resource)|\($0.projectID.map(String.init) ?? "-")" })
            result.kept = covered.filter { retry.contains($0.key) }.count
        }
        for event in covered where !retry.contains(event.key) { try ledger.markWebhookEventProcessed(ulid: event.ulid) }
        result.events += covered.count - result.kept
        return result
    }

    private func ignore(_ event: WebhookEventRow, _ reason: String, _ result: inout WebhookDispatchResult) {
        logger.notice("webhook event ignored", metadata: ["ulid": "\(event.ulid)", "resource_name": "\(event.resourceName)", "reason": "\(reason)"])
        onEvent?(.ignored(ulid: event.ulid, resourceName: event.resourceName, reason: reason))
        try? ledger.markWebhookEventProcessed(ulid: event.ulid)
        result.ignored += 1
        result.events += 1
    }
}
