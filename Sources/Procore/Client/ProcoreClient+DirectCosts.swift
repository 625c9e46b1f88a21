import Foundation
import HTTP
import JSON

extension ProcoreClient: ProcoreDirectCostWriter {
    public func syncDirectCosts(projectID: Int64, _ updates: [DirectCostSyncUpdate]) async throws -> DirectCostSyncResult<DirectCost> {
        try await sync(path: "/rest/v1.0/projects/\(projectID)/direct_costs/sync",
                       endpoint: "PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync", projectID: projectID,
                       bodies: updates.map(Self.syncBody), as: DirectCost.self)
    }

    public func syncDirectCostLines(projectID: Int64, _ updates: [DirectCostLineSyncUpdate]) async throws -> DirectCostSyncResult<DirectCostLineItem> {
        try await sync(path: "/rest/v1.0/projects/\(projectID)/direct_costs/line_items/sync",
                       endpoint: "PATCH /rest/v1.0/projects/{project_id}/direct_costs/line_items/sync", projectID: projectID,
                       bodies: updates.map(Self.syncBody), as: DirectCostLineItem.self)
    }

    private func sync<T: Decodable & Sendable & Equatable>(path: String, endpoint: String, projectID: Int64, bodies: [JSONValue],
                                                          as type: T.Type) async throws -> DirectCostSyncResult<T> {
        var result = DirectCostSyncResult<T>()
        var start = 0
        while start < bodies.count {
            let chunk = Array(bodies[start..<min(bodies.count, start + DirectCostSync.maxUpdates)])
            start += chunk.count
            let body = Data(JSONWriter.bytes(of: .object(JSONObject([("updates", .array(chunk))]))))
            let response = try await send(url(path, []), endpoint: endpoint, projectID: projectID, method: .patch, body: body)
            let answer: JSONValue
            do { answer = try JSONValue.parse(response.body) } catch {
                throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                                   reason: "the answer is not JSON (\(error)); the records are matched by origin_id, so sending them again updates rather than duplicates")
            }
            guard case .array(let entities)? = answer["entities"] else {
                throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                                   reason: "the answer has no entities list; the records are matched by origin_id, so sending them again updates rather than duplicates")
            }
            for entity in entities {
                do {
                    result.entities.append(try ProcoreJSONDecoder().decode(T.self, from: Data(JSONWriter.bytes(of: entity))))
                } catch {
                    throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID, reason: "a synced record could not be read (\(error))")
                }
            }
            if case .array(let errors)? = answer["errors"] {
                for entry in errors { result.errors.append(Self.refusal(entry)) }
            }
        }
        return result
    }

    static func syncBody(_ u: DirectCostSyncUpdate) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("origin_id", .string(u.originID)),
            ("direct_cost_type", .string(u.directCostType)),
            ("direct_cost_date", .string(u.directCostDate.description)),
        ]
        if let s = u.originData { fields.append(("origin_data", .string(s))) }
        if let s = u.description { fields.append(("description", .string(s))) }
        if let s = u.invoiceNumber { fields.append(("invoice_number", .string(s))) }
        if let v = u.vendorID { fields.append(("vendor_id", .number(String(v)))) }
        if let s = u.status { fields.append(("status", .string(s))) }
        return .object(JSONObject(fields))
    }

    static func syncBody(_ u: DirectCostLineSyncUpdate) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("origin_id", .string(u.originID)),
            ("direct_cost_id", .number(String(u.directCostID))),
            ("cost_code_id", .number(String(u.costCodeID))),
            ("line_item_type_id", .number(String(u.lineItemTypeID))),
            ("amount", .number(NSDecimalNumber(decimal: u.amount).stringValue)),
        ]
        if let s = u.originData { fields.append(("origin_data", .string(s))) }
        if let s = u.description { fields.append(("description", .string(s))) }
        return .object(JSONObject(fields))
    }
}
