import Foundation

extension ProcoreClient: ProcoreBudgetReader {
    public func budgetViews(projectID: Int64) async throws -> [BudgetView] {
        try await all(BudgetView.self, path: "/rest/v1.0/budget_views", endpoint: "/rest/v1.0/budget_views",
                      query: [("project_id", String(projectID))], projectID: projectID)
    }

    public func budgetDetailRows(viewID: Int64, projectID: Int64) async throws -> [BudgetDetailRow] {
        try await all(BudgetDetailRow.self, path: "/rest/v1.0/budget_views/\(viewID)/detail_rows",
                      endpoint: "/rest/v1.0/budget_views/{budget_view_id}/detail_rows",
                      query: [("project_id", String(projectID)), ("budget_row_type", "budgeted")], projectID: projectID)
    }

    /// Every page of a list, each record decoded; a record that cannot be read names the endpoint.
    private func all<T: Decodable & Sendable>(_ type: T.Type, path: String, endpoint: String, query: [(String, String)],
                                   projectID: Int64) async throws -> [T] {
        let collected = Locked<[T]>([])
        try await pages(startURL: url(path, query + [("page", "1"), ("per_page", String(configuration.perPage))]),
                        endpoint: endpoint, projectID: projectID) { records, page, _ in
            var decoded: [T] = []
            for record in records {
                do { decoded.append(try record.decode(T.self, resource: path)) } catch {
                    throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                                       reason: "page \(page): record \(record.id) could not be read (\(error))")
                }
            }
            collected.withLock { $0 += decoded }
        }
        return collected.withLock { $0 }
    }
}
