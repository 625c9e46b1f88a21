import Foundation
import JSON

/// `PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync` and
/// `…/direct_costs/line_items/sync`, checked as Procore checks them
/// (RestV10ProjectsProjectIdDirectCostsSyncPatch.json, …LineItemsSyncPatch.json): a JSON object
/// with `updates` (1 to 1000 objects). Each update is matched by `id` (unknown: an error), else by
/// `origin_id` (unique per company: a match in this project is updated, one in another project
/// is an error, none creates); the answer is always 200 `{"entities":[…],"errors":[…]}`, a
/// refused update being an `errors` entry with its `id`/`origin_id` and a message per field.
///
/// Creating a direct cost needs `direct_cost_type` (invoice, expense, payroll; it cannot change
/// later) and `direct_cost_date`; an invoice needs `vendor_id` and `invoice_number`. Creating a
/// line item needs `direct_cost_id` (a direct cost of the project), `cost_code_id` (a cost code of
/// the project) and `line_item_type_id`; a direct cost's amount is the sum of its lines.
struct ProcoreDirectCostSync {
    static let maxUpdates = 1000

    struct Update {
        var id: Int64?
        var originID: String?
        var ints: [String: Int64] = [:]
        var text: [String: String] = [:]
        var cents: [String: Int64] = [:]
        var problems: [String: [String]] = [:]

        mutating func problem(_ field: String, _ message: String) { problems[field, default: []].append(message) }
    }

    static let headerText = ["description", "direct_cost_date", "invoice_number", "origin_data", "payment_date",
                             "received_date", "status", "terms", "direct_cost_type", "currency_iso_code"]
    static let headerInts = ["employee_id", "vendor_id"]
    static let lineText = ["description", "origin_data", "uom", "extended_type"]
    static let lineInts = ["wbs_code_id", "cost_code_id", "direct_cost_id", "line_item_type_id", "tax_code_id"]
    static let lineMoney = ["amount", "unit_cost"]

    /// The updates of a request body; throws the 400 Procore answers for a malformed request.
    static func updates(body: [UInt8], path: String, text: [String], ints: [String], money: [String] = []) throws -> [Update] {
        let value: JSONValue
        do { value = try JSONValue.parse(Data(body)) } catch {
            throw ProcoreRequestError(status: 400, message: "The request body is not valid JSON: \(error)")
        }
        guard case .object = value, case .array(let items)? = value["updates"] else {
            throw ProcoreRequestError(status: 400, message: "updates is missing or not an array: PATCH \(path) requires updates (array)")
        }
        guard !items.isEmpty, items.count <= maxUpdates else {
            throw ProcoreRequestError(status: 400, message: "updates has \(items.count) records: send 1 to \(maxUpdates) per request")
        }
        return items.map { item in
            var u = Update()
            guard case .object = item else {
                u.problem("base", "each update must be an object, not \(item.typeName)")
                return u
            }
            func int(_ name: String) -> Int64? {
                switch item[name] {
                case nil, .null?: return nil
                case .number(let t)?: if let v = Int64(t) { return v }; u.problem(name, "must be an integer"); return nil
                case let other?: u.problem(name, "must be an integer, not \(other.typeName)"); return nil
                }
            }
            u.id = int("id")
            switch item["origin_id"] {
            case nil, .null?: break
            case .string(let s)?: u.originID = s.isEmpty ? nil : s
            case let other?: u.problem("origin_id", "must be a string, not \(other.typeName)")
            }
            for name in ints { if let v = int(name) { u.ints[name] = v } }
            for name in text {
                switch item[name] {
                case nil, .null?: break
                case .string(let s)?: u.text[name] = s
                case let other?: u.problem(name, "must be a string, not \(other.typeName)")
                }
            }
            for name in money {
                switch item[name] {
                case nil, .null?: break
                case .number(let t)?:
                    if let c = ProcoreContractPaymentCreation.cents(t) { u.cents[name] = c } else { u.problem(name, "must be an amount with at most 2 decimals") }
                case let other?: u.problem(name, "must be a number, not \(other.typeName)")
                }
            }
            for name in ["direct_cost_date", "payment_date", "received_date"] {
                if let d = u.text[name], ProcoreTime.days(date: d) == nil { u.problem(name, "must be a date (YYYY-MM-DD)") }
            }
            if let s = u.text["status"], !ProcoreStatus.directCost.contains(s) {
                u.problem("status", "must be one of \(ProcoreStatus.directCost.joined(separator: ", "))")
            }
            if let t = u.text["direct_cost_type"], !ProcoreStatus.directCostType.contains(t) {
                u.problem("direct_cost_type", "must be one of \(ProcoreStatus.directCostType.joined(separator: ", "))")
            }
            return u
        }
    }

    static func errorEntry(_ u: Update, into w: inout ProcoreJSONWriter) {
        ProcoreVendorSync.syncErrorEntry(id: u.id, originID: u.originID, problems: u.problems, into: &w)
    }
}

extension ProcoreSandboxState {
    /// The index of project `id` for a write: 404 when there is none, 403 when the service
    /// account may not see it (as Procore answers).
    func grantedProject(_ id: Int64) throws -> Int {
        guard let p = dataset.projectIndex(id: id) else { throw ProcoreRequestError(status: 404, message: "Project \(id) not found") }
        guard !dataset.projects[p].forbidden else {
            throw ProcoreRequestError(status: 403, message: "Access denied: project \(id) is not granted to this service account (check the DMSA's project permissions)")
        }
        return p
    }

    /// Applies a direct costs sync to project `projectID`: the indices written, the refused updates.
    func syncDirectCosts(projectID: Int64, body: [UInt8]) throws -> (entities: [Int], refused: [ProcoreDirectCostSync.Update], dataset: ProcoreDataset) {
        let p = try grantedProject(projectID)
        let S = ProcoreDirectCostSync.self
        var entities: [Int] = []
        var refused: [ProcoreDirectCostSync.Update] = []
        for var u in try S.updates(body: body, path: "/rest/v1.0/projects/{project_id}/direct_costs/sync", text: S.headerText, ints: S.headerInts) {
            var index: Int?
            if u.problems.isEmpty {
                if let id = u.id {
                    index = ProcoreDataset.find(id, in: dataset.directCosts, key: { $0.id }).flatMap { dataset.directCost($0, isIn: p) ? $0 : nil }
                    if index == nil { u.problem("id", "Direct Cost \(id) not found in project \(projectID)") }
                } else if let origin = u.originID, let holder = dataset.directCostDetails.first(where: { $0.value.originID == origin })?.key {
                    if dataset.directCost(holder, isIn: p) { index = holder } else {
                        u.problem("origin_id", "has already been taken (direct cost \(dataset.directCosts[holder].id) in another project)")
                    }
                }
            }
            if u.problems.isEmpty, let origin = u.originID, let index,
               let holder = dataset.directCostDetails.first(where: { $0.value.originID == origin })?.key, holder != index {
                u.problem("origin_id", "has already been taken (direct cost \(dataset.directCosts[holder].id))")
            }
            let vendor: Int32? = u.ints["vendor_id"].flatMap { id in ProcoreDataset.find(id, in: dataset.vendors, key: { $0.id }).map(Int32.init) }
            if let id = u.ints["vendor_id"], vendor == nil { u.problem("vendor_id", "Vendor \(id) not found") }
            let type = index.map { ProcoreStatus.directCostType[Int(dataset.directCosts[$0].type)] } ?? u.text["direct_cost_type"]
            if index == nil {
                if u.text["direct_cost_type"] == nil { u.problem("direct_cost_type", "can't be blank") }
                if u.text["direct_cost_date"] == nil { u.problem("direct_cost_date", "can't be blank") }
            } else if let t = u.text["direct_cost_type"], t != type {
                u.problem("direct_cost_type", "can only be set when creating a direct cost")
            }
            if type == "invoice" {
                if (index == nil || u.ints["vendor_id"] != nil) && vendor == nil && u.problems["vendor_id"] == nil { u.problem("vendor_id", "can't be blank for an invoice") }
                if index == nil && (u.text["invoice_number"] ?? "").isEmpty { u.problem("invoice_number", "can't be blank for an invoice") }
            }
            guard u.problems.isEmpty else { refused.append(u); continue }
            let now = nextWriteTime()
            let i: Int
            if let index { i = index } else {
                dataset.directCosts.append(PDirectCost(
                    id: (dataset.directCosts.last?.id ?? ProcoreDatasetGenerator.directCostBase) + 1, project: Int32(p), vendor: -1,
                    type: UInt8(ProcoreStatus.directCostType.firstIndex(of: type!)!), status: 0, amount: 0, day: 0,
                    invoice: 0, description: 0, createdAt: now, updatedAt: now, deleted: false))
                i = dataset.directCosts.count - 1
                dataset.addedDirectCosts[p, default: []].append(i)
                dataset.directCostDetails[i] = PDirectCostDetails(description: "")
            }
            var dc = dataset.directCosts[i]
            var details = dataset.directCostDetails[i] ?? PDirectCostDetails(
                description: ProcoreNames.directCostDescriptions[Int(dc.description)],
                invoiceNumber: ProcoreStatus.directCostType[Int(dc.type)] == "payroll" ? nil : "DC-\(dc.invoice)")
            if let vendor { dc.vendor = vendor }
            if let s = u.text["status"] { dc.status = UInt8(ProcoreStatus.directCost.firstIndex(of: s)!) }
            if let d = u.text["direct_cost_date"].flatMap(ProcoreTime.days(date:)) { dc.day = d }
            if let s = u.text["description"] { details.description = s }
            if let s = u.text["invoice_number"] { details.invoiceNumber = s }
            if let s = u.text["terms"] { details.terms = s }
            if let s = u.text["origin_data"] { details.originData = s }
            if let origin = u.originID { details.originID = origin }
            dc.updatedAt = now
            dataset.directCosts[i] = dc
            dataset.directCostDetails[i] = details
            entities.append(i)
        }
        return (entities, refused, dataset)
    }

    /// Applies a direct cost line items sync to project `projectID`.
    func syncDirectCostLines(projectID: Int64, body: [UInt8]) throws -> (entities: [Int], refused: [ProcoreDirectCostSync.Update], dataset: ProcoreDataset) {
        let p = try grantedProject(projectID)
        let S = ProcoreDirectCostSync.self
        var entities: [Int] = []
        var refused: [ProcoreDirectCostSync.Update] = []
        for var u in try S.updates(body: body, path: "/rest/v1.0/projects/{project_id}/direct_costs/line_items/sync",
                                   text: S.lineText, ints: S.lineInts, money: S.lineMoney) {
            var index: Int?
            if u.problems.isEmpty {
                if let id = u.id {
                    index = ProcoreDataset.find(id, in: dataset.directCostLines, key: { $0.id })
                        .flatMap { dataset.directCost(dataset.directCostLines[$0].directCost, isIn: p) ? $0 : nil }
                    if index == nil { u.problem("id", "Direct Cost Line Item \(id) not found in project \(projectID)") }
                } else if let origin = u.originID, let holder = dataset.directCostLines.firstIndex(where: { $0.originID == origin }) {
                    if dataset.directCost(dataset.directCostLines[holder].directCost, isIn: p) { index = holder } else {
                        u.problem("origin_id", "has already been taken (line item \(dataset.directCostLines[holder].id) in another project)")
                    }
                }
            }
            let parent: Int? = u.ints["direct_cost_id"].flatMap { id in
                ProcoreDataset.find(id, in: dataset.directCosts, key: { $0.id }).flatMap { dataset.directCost($0, isIn: p) ? $0 : nil }
            }
            if let id = u.ints["direct_cost_id"], parent == nil { u.problem("direct_cost_id", "Direct Cost \(id) not found in project \(projectID)") }
            let code: Int? = u.ints["cost_code_id"].flatMap { id in
                ProcoreDataset.find(id, in: dataset.costCodes, key: { $0.id }).flatMap { dataset.costCodeRanges[p].contains($0) ? $0 : nil }
            }
            if let id = u.ints["cost_code_id"], code == nil { u.problem("cost_code_id", "Cost Code \(id) is not a cost code of project \(projectID)") }
            let type: Int? = u.ints["line_item_type_id"].flatMap { id in ProcoreDataset.find(id, in: dataset.lineItemTypes, key: { $0.id }) }
            if let id = u.ints["line_item_type_id"], type == nil { u.problem("line_item_type_id", "Line Item Type \(id) not found") }
            if u.ints["wbs_code_id"] != nil { u.problem("wbs_code_id", "WBS codes are not enabled for this project; send cost_code_id and line_item_type_id") }
            if index == nil {
                if u.ints["direct_cost_id"] == nil { u.problem("direct_cost_id", "can't be blank") }
                if u.ints["cost_code_id"] == nil { u.problem("cost_code_id", "can't be blank") }
                if u.ints["line_item_type_id"] == nil { u.problem("line_item_type_id", "can't be blank") }
                if u.cents["amount"] == nil { u.problem("amount", "can't be blank") }
            }
            guard u.problems.isEmpty else { refused.append(u); continue }
            let now = nextWriteTime()
            let i: Int
            if let index { i = index } else {
                dataset.directCostLines.append(PDirectCostLine(
                    id: (dataset.directCostLines.last?.id ?? 7_300_000_000) + 1, directCost: parent!, costCode: code!, lineItemType: type!,
                    amountCents: 0, createdAt: now, updatedAt: now))
                i = dataset.directCostLines.count - 1
            }
            var line = dataset.directCostLines[i]
            let (before, beforeCents) = (line.directCost, line.amountCents)
            if let parent { line.directCost = parent }
            if let code { line.costCode = code }
            if let type { line.lineItemType = type }
            if let c = u.cents["amount"] { line.amountCents = c }
            if let s = u.text["description"] { line.description = s }
            if let s = u.text["origin_data"] { line.originData = s }
            if let origin = u.originID { line.originID = origin }
            line.updatedAt = now
            dataset.directCostLines[i] = line
            // A direct cost's amount is the sum of its lines: move this line's share.
            dataset.directCosts[before].amount -= beforeCents
            dataset.directCosts[line.directCost].amount += line.amountCents
            dataset.directCosts[before].updatedAt = now
            dataset.directCosts[line.directCost].updatedAt = now
            entities.append(i)
        }
        return (entities, refused, dataset)
    }
}

extension ProcoreEncoder {
    func directCostLine(_ i: Int, into w: inout ProcoreJSONWriter) {
        let line = ds.directCostLines[i]
        let code = ds.costCodes[line.costCode]
        let cat = ProcoreNames.costCodes[Int(code.catalog)]
        let type = ds.lineItemTypes[line.lineItemType]
        w.beginObject()
        w.int("id", line.id)
        w.money("amount", cents: line.amountCents)
        w.beginObject("company"); w.int("id", ds.company.id); w.string("name", ds.company.name); w.endObject()
        w.beginObject("cost_code"); w.int("id", code.id); w.string("name", cat.name); w.string("full_code", cat.code); w.endObject()
        w.ts("created_at", line.createdAt)
        w.string("description", line.description)
        w.int("direct_cost_id", ds.directCosts[line.directCost].id)
        w.money("extended_amount", cents: line.amountCents)
        w.beginObject("line_item_type"); w.int("id", type.id); w.string("name", type.name); w.string("code", type.code); w.endObject()
        w.string("origin_data", line.originData)
        w.string("origin_id", line.originID)
        w.string("quantity", "1.0")
        w.money("unit_cost", cents: line.amountCents)
        w.null("uom")
        w.ts("updated_at", line.updatedAt)
        currency(into: &w)
        w.endObject()
    }
}
