import Foundation
import JSON

/// `PATCH /rest/v1.0/vendors/sync`, checked as Procore checks it (RestV10VendorsSyncPatch.json):
/// a JSON object with `company_id` (integer, the company) and `updates` (1 to 1000 objects).
/// Each update is matched by `id` (an unknown id is an error), else by `origin_id` (unique per
/// company: a match updates it, none creates a vendor); sending both changes the vendor's
/// origin_id. The answer is always 200 `{"entities":[…],"errors":[…]}`: a record Procore
/// refuses (a new vendor without a name, an email address that is not one, an origin_id
/// another vendor holds, a field of the wrong type) is an entry of `errors` with the update's
/// `id`/`origin_id` and a message per field, and the other records are still applied.
struct ProcoreVendorSync {
    static let maxUpdates = 1000

    /// One update as sent, checked for types.
    struct Update {
        var id: Int64?
        var originID: String?
        var text: [String: String] = [:]
        var flags: [String: Bool] = [:]
        var problems: [String: [String]] = [:]
    }

    static let textFields = ["name", "address", "city", "zip", "business_phone", "email_address", "state_code",
                             "country_code", "origin_data", "origin_code", "abbreviated_name", "trade_name", "license_number"]
    static let flagFields = ["is_active", "union_member"]

    /// The updates of a request body; throws the 400 Procore answers for a malformed request.
    static func updates(body: [UInt8], companyID: Int64) throws -> [Update] {
        let value: JSONValue
        do { value = try JSONValue.parse(Data(body)) } catch {
            throw ProcoreRequestError(status: 400, message: "The request body is not valid JSON: \(error)")
        }
        guard case .object = value else {
            throw ProcoreRequestError(status: 400, message: "The request body must be a JSON object with company_id and updates")
        }
        guard case .number(let companyText)? = value["company_id"], let company = Int64(companyText) else {
            throw ProcoreRequestError(status: 400, message: "company_id is missing or not an integer: PATCH /rest/v1.0/vendors/sync requires company_id (integer)")
        }
        guard company == companyID else {
            throw ProcoreRequestError(status: 403, message: "company_id \(company) is not a company this service account belongs to")
        }
        guard case .array(let items)? = value["updates"] else {
            throw ProcoreRequestError(status: 400, message: "updates is missing or not an array: PATCH /rest/v1.0/vendors/sync requires updates (array of vendors)")
        }
        guard !items.isEmpty, items.count <= maxUpdates else {
            throw ProcoreRequestError(status: 400, message: "updates has \(items.count) records: send 1 to \(maxUpdates) per request")
        }
        return items.map(update)
    }

    static func update(_ item: JSONValue) -> Update {
        var u = Update()
        guard case .object = item else {
            u.problems["base", default: []].append("each update must be an object, not \(item.typeName)")
            return u
        }
        switch item["id"] {
        case nil, .null?: break
        case .number(let text)?:
            if let id = Int64(text) { u.id = id } else { u.problems["id", default: []].append("must be an integer") }
        case let other?: u.problems["id", default: []].append("must be an integer, not \(other.typeName)")
        }
        switch item["origin_id"] {
        case nil, .null?: break
        case .string(let s)?: u.originID = s
        case let other?: u.problems["origin_id", default: []].append("must be a string, not \(other.typeName)")
        }
        for name in textFields {
            switch item[name] {
            case nil, .null?: break
            case .string(let s)?: u.text[name] = s
            case let other?: u.problems[name, default: []].append("must be a string, not \(other.typeName)")
            }
        }
        for name in flagFields {
            switch item[name] {
            case nil, .null?: break
            case .bool(let b)?: u.flags[name] = b
            case let other?: u.problems[name, default: []].append("must be true or false, not \(other.typeName)")
            }
        }
        if let email = u.text["email_address"], !email.isEmpty, !isEmail(email) {
            u.problems["email_address", default: []].append("is invalid")
        }
        if let state = u.text["state_code"], !state.isEmpty,
           !(state.count == 2 && state.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }) {
            u.problems["state_code", default: []].append("must be an ISO-3166 Alpha-2 subdivision code such as OR")
        }
        return u
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" ") else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    /// The error entry Procore answers for a refused update.
    static func errorEntry(_ u: Update, into w: inout ProcoreJSONWriter) {
        syncErrorEntry(id: u.id, originID: u.originID, name: .some(u.text["name"]), problems: u.problems, into: &w)
    }

    /// One entry of a sync answer's `errors`: the update's `id` and `origin_id` (and `name` for
    /// records that have one, null when the update sent none), and the messages per field, as
    /// every Procore sync endpoint writes them.
    static func syncErrorEntry(id: Int64?, originID: String?, name: String?? = nil, problems: [String: [String]],
                               into w: inout ProcoreJSONWriter) {
        w.beginObject()
        w.int("id", id)
        w.string("origin_id", originID)
        if let name { w.string("name", name) }   // the record has names: the update's, or null
        w.beginObject("errors")
        for field in problems.keys.sorted() {
            w.beginArray(field)
            for message in problems[field]! { w.string(nil, message) }
            w.endArray()
        }
        w.endObject()
        w.endObject()
    }
}

extension ProcoreSandboxState {
    /// Applies a vendors sync request: per update, the vendor's index, or the refused update.
    func syncVendors(body: [UInt8]) throws -> (entities: [Int], refused: [ProcoreVendorSync.Update], dataset: ProcoreDataset) {
        var entities: [Int] = []
        var refused: [ProcoreVendorSync.Update] = []
        for var u in try ProcoreVendorSync.updates(body: body, companyID: dataset.company.id) {
            var index: Int? = nil
            if u.problems.isEmpty {
                if let id = u.id {
                    index = ProcoreDataset.find(id, in: dataset.vendors, key: { $0.id })
                    if index == nil { u.problems["id", default: []].append("Vendor \(id) not found") }
                } else if let origin = u.originID, !origin.isEmpty {
                    index = dataset.vendors.firstIndex { $0.originID == origin }
                }
            }
            if u.problems.isEmpty, let origin = u.originID, !origin.isEmpty,
               let holder = dataset.vendors.firstIndex(where: { $0.originID == origin }), holder != index {
                u.problems["origin_id", default: []].append("has already been taken (vendor \(dataset.vendors[holder].id))")
            }
            if u.problems.isEmpty, index == nil, (u.text["name"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                u.problems["name", default: []].append("can't be blank")
            }
            guard u.problems.isEmpty else { refused.append(u); continue }
            let now = nextWriteTime()
            let i: Int
            if let index {
                i = index
            } else {
                let name = u.text["name"]!
                let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }.prefix(6)
                dataset.vendors.append(PVendor(
                    id: (dataset.vendors.last?.id ?? ProcoreDatasetGenerator.vendorBase) + 1, name: name,
                    abbreviatedName: String(String.UnicodeScalarView(letters)).uppercased(), tradeName: nil,
                    address: "", city: "", stateCode: "", zip: "", phone: "", email: "", isActive: true,
                    originID: nil, originCode: nil, licenseNumber: nil, unionMember: false, createdAt: now, updatedAt: now))
                i = dataset.vendors.count - 1
            }
            var v = dataset.vendors[i]
            if let s = u.text["name"], !s.isEmpty { v.name = s }
            if let s = u.text["address"] { v.address = s }
            if let s = u.text["city"] { v.city = s }
            if let s = u.text["zip"] { v.zip = s }
            if let s = u.text["business_phone"] { v.phone = s }
            if let s = u.text["email_address"] { v.email = s }
            if let s = u.text["state_code"] { v.stateCode = s }
            if let s = u.text["abbreviated_name"] { v.abbreviatedName = s }
            if let s = u.text["trade_name"] { v.tradeName = s }
            if let s = u.text["license_number"] { v.licenseNumber = s }
            if let s = u.text["origin_code"] { v.originCode = s }
            if let s = u.text["origin_data"] { v.originData = s }
            if let origin = u.originID { v.originID = origin.isEmpty ? nil : origin }
            if let b = u.flags["is_active"] { v.isActive = b }
            if let b = u.flags["union_member"] { v.unionMember = b }
            v.updatedAt = now
            dataset.vendors[i] = v
            entities.append(i)
        }
        return (entities, refused, dataset)
    }
}
