import Foundation
import Metrics
import Prometheus
import Synchronization

/// What `ml-connector serve` counts, as swift-metrics instruments backed by a Prometheus
/// registry of its own (no process-wide bootstrap), served as Prometheus text at `/metrics`.
public final class ServeMetrics: Sendable {
    /// The registry the instruments write to.
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    private let eventsReceived: Metrics.Counter
    private let eventsDeduped: Metrics.Counter
    private let eventsRefused: Metrics.Counter
    private let webhookToPost: Metrics.Timer
    private let agentLockRetries: Metrics.Counter
    private let rateRemaining: Metrics.Gauge
    /// Receiver counts already turned into counter increments.
    private let seenReceiver = Mutex(WebhookReceiverCounters.Snapshot())

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Webhook-to-posting latency: seconds, up to a minute.
        factory.durationHistogramBuckets["mlc_webhook_to_post_seconds"] =
            [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60].map { Duration.milliseconds(Int($0 * 1000)) }
        self.factory = factory
        eventsReceived = Metrics.Counter(label: "mlc_webhook_events_received_total", factory: factory)
        eventsDeduped = Metrics.Counter(label: "mlc_webhook_events_deduped_total", factory: factory)
        eventsRefused = Metrics.Counter(label: "mlc_webhook_events_refused_total", factory: factory)
        webhookToPost = Metrics.Timer(label: "mlc_webhook_to_post_seconds", factory: factory)
        agentLockRetries = Metrics.Counter(label: "mlc_agent_lock_retries_total", factory: factory)
        rateRemaining = Metrics.Gauge(label: "mlc_procore_rate_limit_remaining", factory: factory)
    }

    /// Adds what the webhook receiver counted since the last call.
    public func sync(receiver now: WebhookReceiverCounters.Snapshot) {
        let before = seenReceiver.withLock { seen in
            let before = seen
            seen = now
            return before
        }
        if now.stored > before.stored { eventsReceived.increment(by: now.stored - before.stored) }
        if now.duplicates > before.duplicates { eventsDeduped.increment(by: now.duplicates - before.duplicates) }
        let refused = now.unauthorized + now.rejected, refusedBefore = before.unauthorized + before.rejected
        if refused > refusedBefore { eventsRefused.increment(by: refused - refusedBefore) }
    }

    /// Records what a job's pay cycle posted and refused, per document kind.
    public func record(_ summary: PayCycleSummary, job: String) {
        for kind in summary.post?.kinds ?? [] {
            let posted = kind.posted + kind.duplicate
            if posted > 0 {
                Metrics.Counter(label: "mlc_records_posted_total", dimensions: [("kind", kind.kind)], factory: factory).increment(by: posted)
            }
            if kind.rejected > 0 {
                Metrics.Counter(label: "mlc_records_rejected_total", dimensions: [("kind", kind.kind)], factory: factory).increment(by: kind.rejected)
            }
            if kind.lockRetries > 0 { agentLockRetries.increment(by: kind.lockRetries) }
        }
        Metrics.Counter(label: "mlc_job_runs_total", dimensions: [("job", job), ("exit", String(summary.exitCode))], factory: factory).increment()
    }

    /// Notes that `job` finished successfully now.
    public func succeeded(job: String, at date: Date = Date()) {
        Metrics.Gauge(label: "mlc_job_last_success_timestamp_seconds", dimensions: [("job", job)], factory: factory)
            .record(date.timeIntervalSince1970.rounded())
    }

    /// Time from a webhook event's timestamp to its record being in Sage.
    public func webhookToPosting(_ seconds: Double) {
        webhookToPost.recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    public func procoreRateRemaining(_ remaining: Int) {
        rateRemaining.record(Double(remaining))
    }

    /// The registry as Prometheus text (exposition format 0.0.4).
    public func text() -> String { registry.emitToString() }
}
