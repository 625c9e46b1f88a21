import Foundation
import HTTP
import JSON

extension ProcoreClient: ProcoreDirectCostWriter {
    public func syncDirectCosts(projectID: Int64, _ updates: [DirectCostSyncUpdate]) async throws -> DirectCostSyncResult<DirectCost> {
        try await sync(path: "/rest/v1.0/projects/\(projectID)/direct_costs/sync",
                       endpoint: "PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync", projectID: projectID,
                       top: [], updates: updates.map(Self.syncBody), perRequest: DirectCostSync.maxUpdates, as: DirectCost.self)
    }

    public func syncDirectCostLines(projectID: Int64, _ updates: [DirectCostLineSyncUpdate]) async throws -> DirectCostSyncResult<DirectCostLineItem> {
        try await sync(path: "/rest/v1.0/projects/\(projectID)/direct_costs/line_items/sync",
                       endpoint: "PATCH /rest/v1.0/projects/{project_id}/direct_costs/line_items/sync", projectID: projectID,
                       top: [], updates: updates.map(Self.syncBody), perRequest: DirectCostSync.maxUpdates, as: DirectCostLineItem.self)
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
