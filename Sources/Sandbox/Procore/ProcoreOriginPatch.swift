import Foundation
import JSON

/// `PATCH /rest/v1.0/purchase_order_contracts/{id}`, `…/work_order_contracts/{id}` and
/// `/rest/v1.0/requisitions/{id}` and `/rest/v1.0/contract_payments/{id}` as far as an ERP
/// integration uses them: setting the record's
/// `origin_id`, `origin_data` (and `origin_code` on commitments) after it was posted. The body
/// is checked as the schemas say (RestV10PurchaseOrderContractsIdPatch.json,
/// RestV10RequisitionsIdPatch.json, RestV10ContractPaymentsIdPatch.json): `project_id` required,
/// `commitment_id` required for a requisition and `contract_id` for a payment, the fields under `purchase_order_contract` / `work_order_contract` /
/// `requisition`. The sandbox changes nothing else through these routes and says so (422)
/// rather than pretending to. An origin_id another commitment of the company holds is refused
/// (422), as Procore keeps it unique per company.
struct ProcoreOriginPatch {
    enum Kind: String { case purchase_order_contracts, work_order_contracts, requisitions, contract_payments
        var objectKey: String {
            switch self {
            case .purchase_order_contracts: return "purchase_order_contract"
            case .work_order_contracts: return "work_order_contract"
            case .requisitions: return "requisition"
            case .contract_payments: return "contract_payment"
            }
        }
        var allowed: Set<String> {
            switch self {
            case .requisitions, .contract_payments: return ["origin_id", "origin_data"]
            default: return ["origin_id", "origin_data", "origin_code"]
            }
        }
    }

    var kind: Kind
    var id: Int64
    var projectID: Int64
    var commitmentID: Int64?
    var origin: [String: String?] = [:]

    /// The route's kind and id, when `path` is one of these PATCH routes.
    static func route(_ path: String) -> (Kind, String)? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 4, parts[0] == "rest", parts[1] == "v1.0", let kind = Kind(rawValue: parts[2]) else { return nil }
        return (kind, parts[3])
    }

    init(kind: Kind, idText: String, body: [UInt8]) throws {
        self.kind = kind
        guard let id = Int64(idText) else { throw ProcoreRequestError(status: 404, message: "\(kind.rawValue) id '\(idText)' is not an id") }
        self.id = id
        let value: JSONValue
        do { value = try JSONValue.parse(Data(body)) } catch {
            throw ProcoreRequestError(status: 400, message: "The request body is not valid JSON: \(error)")
        }
        func requiredInteger(_ name: String) throws -> Int64 {
            guard case .number(let text)? = value[name], let n = Int64(text) else {
                throw ProcoreRequestError(status: 400, message: "\(name) is missing or not an integer: PATCH /rest/v1.0/\(kind.rawValue)/{id} requires \(name) (integer)")
            }
            return n
        }
        projectID = try requiredInteger("project_id")
        if kind == .requisitions { commitmentID = try requiredInteger("commitment_id") }
        if kind == .contract_payments { commitmentID = try requiredInteger("contract_id") }
        guard case .object(let fields)? = value[kind.objectKey] else {
            throw ProcoreRequestError(status: 400, message: "\(kind.objectKey) is missing or not an object")
        }
        for (name, field) in fields {
            guard kind.allowed.contains(name) else {
                throw ProcoreRequestError(status: 422, message: "the sandbox changes only \(kind.allowed.sorted().joined(separator: ", ")) of a \(kind.objectKey) through this route, not \(name)")
            }
            switch field {
            case .null: origin[name] = .some(nil)
            case .string(let s): origin[name] = .some(s.isEmpty ? nil : s)
            default: throw ProcoreRequestError(status: 422, message: "\(kind.objectKey).\(name) must be a string, not \(field.typeName)")
            }
        }
    }

    func apply(_ o: inout POrigin) {
        if let v = origin["origin_id"] { o.id = v }
        if let v = origin["origin_data"] { o.data = v }
        if let v = origin["origin_code"] { o.code = v }
    }
}

extension ProcoreSandboxState {
    /// Applies an origin PATCH; returns the record's index and the data after it.
    func patchOrigin(_ patch: ProcoreOriginPatch) throws -> (index: Int, dataset: ProcoreDataset) {
        let p = try grantedProject(patch.projectID)
        switch patch.kind {
        case .purchase_order_contracts, .work_order_contracts:
            let po = patch.kind == .purchase_order_contracts
            guard let c = ProcoreDataset.find(patch.id, in: dataset.commitments, key: { $0.id }), dataset.commitmentRanges[p].contains(c),
                  dataset.commitments[c].isPurchaseOrder == po, !dataset.commitments[c].deleted else {
                throw ProcoreRequestError(status: 404, message: "\(po ? "Purchase order contract" : "Work order contract") \(patch.id) not found in project \(patch.projectID)")
            }
            if case .some(.some(let origin)) = patch.origin["origin_id"],
               let holder = dataset.commitments.firstIndex(where: { $0.origin.id == origin }), holder != c {
                throw ProcoreRequestError(status: 422, message: "origin_id has already been taken (commitment \(dataset.commitments[holder].id))")
            }
            patch.apply(&dataset.commitments[c].origin)
            dataset.commitments[c].updatedAt = nextWriteTime()
            return (c, dataset)
        case .requisitions:
            guard let r = ProcoreDataset.find(patch.id, in: dataset.requisitions, key: { $0.id }), dataset.requisition(r, isIn: p),
                  dataset.commitments[Int(dataset.requisitions[r].commitment)].id == patch.commitmentID else {
                throw ProcoreRequestError(status: 404, message: "Requisition \(patch.id) not found for commitment \(patch.commitmentID ?? 0) in project \(patch.projectID)")
            }
            patch.apply(&dataset.requisitions[r].origin)
            dataset.requisitions[r].updatedAt = nextWriteTime()
            return (r, dataset)
        case .contract_payments:
            guard let i = ProcoreDataset.find(patch.id, in: dataset.payments, key: { $0.id }), dataset.payments[i].project == Int32(p),
                  dataset.commitments[Int(dataset.payments[i].commitment)].id == patch.commitmentID else {
                throw ProcoreRequestError(status: 404, message: "Contract payment \(patch.id) not found for contract \(patch.commitmentID ?? 0) in project \(patch.projectID)")
            }
            let encoder = ProcoreEncoder(ds: dataset)
            if case .some(.some(let origin)) = patch.origin["origin_id"],
               let holder = dataset.payments.indices.first(where: { $0 != i && dataset.payments[$0].detail >= 0 && encoder.paymentFields($0).originID == origin }) {
                throw ProcoreRequestError(status: 422, message: "origin_id has already been taken (contract payment \(dataset.payments[holder].id))")
            }
            var details = encoder.paymentFields(i)
            var origin = POrigin(id: details.originID, data: details.originData, code: nil)
            patch.apply(&origin)
            details.originID = origin.id
            details.originData = origin.data
            if dataset.payments[i].detail >= 0 {
                dataset.paymentDetails[Int(dataset.payments[i].detail)] = details
            } else {
                dataset.paymentDetails.append(details)
                dataset.payments[i].detail = Int32(dataset.paymentDetails.count - 1)
            }
            dataset.payments[i].updatedAt = nextWriteTime()
            return (i, dataset)
        }
    }
}
