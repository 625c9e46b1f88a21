import Foundation
import JSON

/// `POST /rest/v1.0/contract_payments`, checked as strictly as Procore checks it
/// (RestV10ContractPaymentsPost.json): a JSON object body with `project_id` and `contract_id`
/// (required integers) and a `contract_payment` object whose fields have the schema's types:
/// `amount` a decimal (string or number, at most 2 decimals), `date` and `invoice_date`
/// `YYYY-MM-DD`, `payment_method` one of check, credit_card, electronic, `requisition_id` a
/// requisition of that contract, the text fields strings. The project must be visible to the
/// account (403/404), the contract a commitment of the project (404). Unknown fields are
/// ignored, as Rails' strong parameters do. Procore does not make `origin_id` unique on
/// contract payments, so neither does the sandbox: a client that sends twice gets two payments.
struct ProcoreContractPaymentCreation {
    var project: Int
    var commitment: Int
    /// Index into `requisitions`, or -1 when none was named.
    var requisition: Int
    var amountCents: Int64
    /// Days since the epoch.
    var day: Int64?
    var details: PPaymentDetails

    static let paymentMethods = ["check", "credit_card", "electronic"]

    init(body: [UInt8], dataset ds: ProcoreDataset) throws {
        let value: JSONValue
        do { value = try JSONValue.parse(Data(body)) } catch {
            throw ProcoreRequestError(status: 400, message: "The request body is not valid JSON: \(error)")
        }
        guard case .object = value else {
            throw ProcoreRequestError(status: 400, message: "The request body must be a JSON object with project_id, contract_id and contract_payment")
        }
        let projectID = try Self.requiredInteger(value, "project_id")
        let contractID = try Self.requiredInteger(value, "contract_id")
        guard let p = ds.projectIndex(id: projectID) else {
            throw ProcoreRequestError(status: 404, message: "Project \(projectID) not found")
        }
        guard !ds.projects[p].forbidden else {
            throw ProcoreRequestError(status: 403, message: "Access denied: project \(projectID) is not granted to this service account (check the DMSA's project permissions)")
        }
        let range = ds.commitmentRanges[p]
        guard let c = ProcoreDataset.find(contractID, in: ds.commitments, key: { $0.id }), range.contains(c) else {
            throw ProcoreRequestError(status: 404, message: "Contract \(contractID) not found in project \(projectID)")
        }
        project = p
        commitment = c
        let payment: JSONValue
        switch value["contract_payment"] {
        case nil, .null?: payment = .object([:])
        case .object?: payment = value["contract_payment"]!
        case let other?:
            throw ProcoreRequestError(status: 400, message: "contract_payment must be an object, not \(other.typeName)")
        }
        var errors: [String] = []
        func text(_ name: String) -> String? {
            switch payment[name] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let other?: errors.append("\(name) must be a string, not \(other.typeName)"); return nil
            }
        }
        func integer(_ name: String) -> Int64? {
            switch payment[name] {
            case nil, .null?: return nil
            case .number(let t)?: if let v = Int64(t) { return v }
            case .string(let t)?: if let v = Int64(t) { return v }
            default: break
            }
            errors.append("\(name) must be an integer")
            return nil
        }
        func parseDay(_ name: String) -> Int64?? {
            guard let t = text(name) else { return .some(nil) }
            guard t.utf8.count == 10, let parsed = ProcoreTime.parse(t), parsed.dateOnly else {
                errors.append("\(name) '\(t.prefix(40))' is not a date (YYYY-MM-DD)")
                return nil
            }
            return .some(parsed.ms / ProcoreTime.msPerDay)
        }
        // amount
        var cents: Int64 = 0
        switch payment["amount"] {
        case nil, .null?: errors.append("Amount can't be blank")
        case .string(let t)?, .number(let t)?:
            if let v = Self.cents(t) { cents = v } else { errors.append("Amount '\(t.prefix(40))' is not a number with at most 2 decimals") }
        case let other?: errors.append("amount must be a decimal string, not \(other.typeName)")
        }
        amountCents = cents
        self.day = parseDay("date") ?? nil
        _ = parseDay("invoice_date")
        let method = text("payment_method")
        if let method, !Self.paymentMethods.contains(method) {
            errors.append("payment_method '\(method.prefix(40))' is not included in the list (\(Self.paymentMethods.joined(separator: ", ")))")
        }
        requisition = -1
        if let rid = integer("requisition_id") {
            if let r = ProcoreDataset.find(rid, in: ds.requisitions, key: { $0.id }), ds.commitments[c].requisitions.contains(Int32(r)) {
                requisition = r
            } else {
                errors.append("requisition_id \(rid) is not a requisition of contract \(contractID)")
            }
        }
        details = PPaymentDetails(
            checkNumber: text("check_number"), invoiceNumber: text("invoice_number"), notes: text("notes"),
            paymentMethod: method, drawRequestNumber: integer("draw_request_number"), paymentNumber: integer("payment_number"),
            originID: text("origin_id"), originData: text("origin_data"))
        if let id = details.originID, id.count > 255 { errors.append("origin_id is too long (maximum is 255 characters)") }
        if !errors.isEmpty {
            throw ProcoreRequestError(status: 422, message: errors.joined(separator: "; "))
        }
    }

    static func requiredInteger(_ body: JSONValue, _ name: String) throws -> Int64 {
        switch body[name] {
        case nil, .null?:
            throw ProcoreRequestError(status: 400, message: "\(name) is missing: this endpoint requires \(name) in the body")
        case .number(let t)?: if let v = Int64(t) { return v }
        case .string(let t)?: if let v = Int64(t) { return v }
        default: break
        }
        throw ProcoreRequestError(status: 400, message: "\(name) is invalid: it must be an integer id")
    }

    /// "1234.5" -> 123450; nil for anything that is not a plain decimal with at most 2 decimals.
    static func cents(_ text: String) -> Int64? {
        var t = Substring(text)
        var negative = false
        if t.first == "-" { negative = true; t = t.dropFirst() }
        let parts = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 13, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let w = Int64(whole), let f = Int64(fraction) else { return nil }
        let v = w * 100 + f
        return negative ? -v : v
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
