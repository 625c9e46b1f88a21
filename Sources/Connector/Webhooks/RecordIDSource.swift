import Procore

/// A ``ProcoreSource`` whose listings hold only the given record ids: what an early pull
/// after a webhook lists. With the real client the resource's list endpoint is asked with
/// `filters[id][]=` (same bytes as the polling listing, so content hashes agree); other
/// sources are asked record by record. Ids that no longer exist are skipped. Children,
/// projects and metrics come from the underlying source.
struct RecordIDSource: ProcoreSource {
    let base: any ProcoreSource
    /// Wanted ids per `resource|project` key (see ``key(_:_:)``).
    let ids: [String: [Int64]]

    static func key(_ resource: ProcoreResource, _ projectID: Int64?) -> String {
        "\(resource.stagedName)|\(projectID.map(String.init) ?? "-")"
    }

    func companies() async throws -> [Company] { try await base.companies() }

    func projects() async throws -> [ProcoreRecord] { try await base.projects() }

    func list(_ resource: ProcoreResource, projectID: Int64?, updatedBetween: (String, String)?,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        let wanted = ids[Self.key(resource, resource.scope == .company ? nil : projectID)] ?? []
        var records: [ProcoreRecord] = []
        if let client = base as? ProcoreClient {
            // The list endpoint with filters[id]: the same bytes (and hashes) as the polling listing.
            records = try await client.list(resource, projectID: projectID, ids: wanted)
        } else {
            for id in wanted {
                do {
                    records.append(try await base.get(resource, id: id, projectID: projectID))
                } catch ProcoreError.notFound {
                    continue // deleted since the event: the polling pull records deletions
                }
            }
        }
        try await onPage(ProcorePage(resource: resource, projectID: projectID, records: records, page: 1, total: records.count))
    }

    func list(_ resource: ProcoreResource, projectID: Int64, contractID: Int64,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        try await base.list(resource, projectID: projectID, contractID: contractID, onPage: onPage)
    }

    func children(_ resource: ProcoreResource, parentID: Int64, projectID: Int64?) async throws -> [String: [ProcoreRecord]] {
        try await base.children(resource, parentID: parentID, projectID: projectID)
    }

    func get(_ resource: ProcoreResource, id: Int64, projectID: Int64?) async throws -> ProcoreRecord {
        try await base.get(resource, id: id, projectID: projectID)
    }

    var metrics: ProcoreClientMetrics { get async { await base.metrics } }
}
