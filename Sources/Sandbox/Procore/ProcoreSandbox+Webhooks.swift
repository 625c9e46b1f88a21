extension ProcoreSandbox {
    /// Raises `update` webhook events for records a touch changed.
    func notifyWebhooks(resource: String, ids: [Int64]) async {
        guard !ids.isEmpty, let kind = ProcoreTouchable(rawValue: resource) else { return }
        await webhooks.changed(kind, ids: ids, eventType: "update", dataset: await state.dataset)
    }

    /// Webhook deliveries answered 2xx so far, over every hook (duplicates included).
    public func successfulWebhookDeliveries() async -> Int { await webhooks.successfulDeliveries() }
}
