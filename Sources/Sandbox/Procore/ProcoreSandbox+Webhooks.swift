extension ProcoreSandbox {
    /// Raises webhook events (`update` for a touch or an approval, `create` for a new record).
    func notifyWebhooks(resource: String, ids: [Int64], eventType: String = "update") async {
        guard !ids.isEmpty, let kind = ProcoreTouchable(rawValue: resource) else { return }
        await webhooks.changed(kind, ids: ids, eventType: eventType, dataset: await state.dataset)
    }

    /// Webhook deliveries answered 2xx so far, over every hook (duplicates included).
    public func successfulWebhookDeliveries() async -> Int { await webhooks.successfulDeliveries() }
}
