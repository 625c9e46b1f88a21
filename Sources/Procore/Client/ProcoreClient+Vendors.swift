import Foundation
import HTTP
import JSON

extension ProcoreClient: ProcoreVendorWriter {
    public func companyVendors() async throws -> [Vendor] {
        let collected = Locked<[Vendor]>([])
        try await list(.vendors, projectID: nil, updatedBetween: nil) { page in
            let decoded = try page.records.map { try $0.decode(Vendor.self, resource: "vendors") }
            collected.withLock { $0 += decoded }
        }
        return collected.withLock { $0 }
    }

    public func syncVendors(_ updates: [VendorSyncUpdate]) async throws -> VendorSyncResult {
        try await sync(path: "/rest/v1.0/vendors/sync", endpoint: "PATCH /rest/v1.0/vendors/sync", projectID: nil,
                       top: [("company_id", .number(String(configuration.companyID)))],
                       updates: updates.map(Self.syncBody), perRequest: VendorSync.maxUpdates, as: Vendor.self)
    }

    /// The update as the schema names its fields; absent fields are not sent (Procore keeps them).
    static func syncBody(_ u: VendorSyncUpdate) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if let id = u.id { fields.append(("id", .number(String(id)))) }
        func add(_ name: String, _ value: String?) { if let value { fields.append((name, .string(value))) } }
        add("origin_id", u.originID)
        add("origin_code", u.originCode)
        add("origin_data", u.originData)
        add("name", u.name)
        add("address", u.address)
        add("city", u.city)
        add("state_code", u.stateCode)
        add("zip", u.zip)
        add("business_phone", u.businessPhone)
        add("email_address", u.emailAddress)
        if let active = u.isActive { fields.append(("is_active", .bool(active))) }
        return .object(JSONObject(fields))
    }

    /// An `errors` entry: the update's id and origin_id, and its messages (`errors` as an object
    /// of field -> [message], a list, or a string: whatever Procore sent is kept).
    static func refusal(_ entry: JSONValue) -> VendorSyncRefusal {
        var id: Int64? = nil
        if case .number(let text)? = entry["id"] { id = Int64(text) }
        var origin: String? = nil
        if case .string(let s)? = entry["origin_id"] { origin = s }
        var messages: [String] = []
        switch entry["errors"] {
        case .object(let fields)?:
            for (field, value) in fields {
                switch value {
                case .array(let items): for case .string(let m) in items { messages.append("\(field) \(m)") }
                case .string(let m): messages.append("\(field) \(m)")
                default: messages.append("\(field) \(String(decoding: JSONWriter.bytes(of: value), as: UTF8.self))")
                }
            }
        case .array(let items)?:
            for item in items {
                if case .string(let m) = item { messages.append(m) } else { messages.append(String(decoding: JSONWriter.bytes(of: item), as: UTF8.self)) }
            }
        case .string(let m)?: messages.append(m)
        default: messages.append(String(decoding: JSONWriter.bytes(of: entry), as: UTF8.self))
        }
        return VendorSyncRefusal(id: id, originID: origin, messages: messages.isEmpty ? ["refused without a message"] : messages)
    }
}
