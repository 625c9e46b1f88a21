
/// A webhook delivery as the ledger keeps it.
public struct WebhookEventRow: Sendable, Equatable {
    public var ulid: String
    public var companyID: Int64?
    public var projectID: Int64?
    public var resourceName: String
    public var resourceID: Int64
    public var eventType: String
    /// The delivery body as received.
    public var payload: String

    public init(ulid: String, companyID: Int64?, projectID: Int64?, resourceName: String, resourceID: Int64,
                eventType: String, payload: String) {
        self.ulid = ulid
        self.companyID = companyID
        self.projectID = projectID
        self.resourceName = resourceName
        self.resourceID = resourceID
        self.eventType = eventType
        self.payload = payload
    }
}

extension Ledger {
    /// Records a webhook delivery; returns false when its ulid was seen before (a redelivery).
    @discardableResult
    public func recordWebhookEvent(_ event: WebhookEventRow) throws -> Bool {
        try writing { db in
            try db.cachedStatement(sql: """
                INSERT INTO webhook_events (ulid, received_at, company_id, project_id, resource_name,
                    resource_id, event_type, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """).execute(arguments: [event.ulid, Ledger.now(), event.companyID, event.projectID, event.resourceName,
                                 event.resourceID, event.eventType, event.payload])
            return db.changesCount == 1
        }
    }

    /// Webhook deliveries not yet marked processed, oldest first.
    public func unprocessedWebhookEvents(limit: Int = 1000) throws -> [WebhookEventRow] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM webhook_events WHERE processed_at IS NULL ORDER BY ulid LIMIT ?
                """), arguments: [max(0, limit)]).map {
                WebhookEventRow(ulid: $0["ulid"], companyID: $0["company_id"], projectID: $0["project_id"],
                                resourceName: $0["resource_name"], resourceID: $0["resource_id"],
                                eventType: $0["event_type"], payload: $0["payload"])
            }
        }
    }

    /// Marks a webhook delivery processed.
    public func markWebhookEventProcessed(ulid: String) throws {
        try writing { db in
            try db.cachedStatement(sql: "UPDATE webhook_events SET processed_at = ? WHERE ulid = ?").execute(arguments: [Ledger.now(), ulid])
        }
    }

    /// Registers a file dropped into `inbox/`; returns false when a file with the same content
    /// (sha256) was registered before.
    @discardableResult
    public func registerInboxFile(name: String, sha256: String, kind: String) throws -> Bool {
        try writing { db in
            try db.cachedStatement(sql: """
                INSERT INTO inbox_files (name, sha256, kind, received_at, state) VALUES (?, ?, ?, ?, 'received') ON CONFLICT DO NOTHING
                """).execute(arguments: [name, sha256, kind, Ledger.now()])
            return db.changesCount == 1
        }
    }
}
