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
        var result = VendorSyncResult()
        let path = "/rest/v1.0/vendors/sync"
        var start = 0
        while start < updates.count {
            let chunk = Array(updates[start..<min(updates.count, start + VendorSync.maxUpdates)])
            start += chunk.count
            let body = Data(JSONWriter.bytes(of: .object(JSONObject([
                ("company_id", .number(String(configuration.companyID))),
                ("updates", .array(chunk.map(Self.syncBody))),
            ]))))
            let response = try await send(url(path, []), endpoint: "PATCH \(path)", projectID: nil, method: .patch, body: body)
            let answer: JSONValue
            do { answer = try JSONValue.parse(response.body) } catch {
                throw ProcoreError.invalidResponse(endpoint: "PATCH \(path)", project: nil,
                                                   reason: "the answer is not JSON (\(error)); the vendors are matched by origin_id, so sending them again updates rather than duplicates")
            }
            guard case .array(let entities)? = answer["entities"] else {
                throw ProcoreError.invalidResponse(endpoint: "PATCH \(path)", project: nil,
                                                   reason: "the answer has no entities list; the vendors are matched by origin_id, so sending them again updates rather than duplicates")
            }
            for entity in entities {
                do {
                    result.entities.append(try ProcoreJSONDecoder().decode(Vendor.self, from: Data(JSONWriter.bytes(of: entity))))
                } catch {
                    throw ProcoreError.invalidResponse(endpoint: "PATCH \(path)", project: nil, reason: "a synced vendor could not be read (\(error))")
                }
            }
            if case .array(let errors)? = answer["errors"] {
                for entry in errors { result.errors.append(Self.refusal(entry)) }
            }
        }
        return result
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
