import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// The request half of the contract: the parameters of every GET endpoint the sandbox serves.
struct ProcoreRequestContract: Decodable {
    struct Parameter: Decodable {
        var name: String
        var `in`: String
        var required: Bool
        var t: String
        var i: String?
        var e: [String]?
    }
    struct Request: Decodable {
        var operation: String
        var path: String
        var parameters: [Parameter]
    }
    var requests: [Request]

    static func load() throws -> ProcoreRequestContract {
        let url = try #require(Bundle.module.url(forResource: "procore-contract", withExtension: "json", subdirectory: "Contract"),
                               "Contract/procore-contract.json is missing: run scripts/gen-procore-contract.py")
        return try JSONDecoder().decode(ProcoreRequestContract.self, from: Data(contentsOf: url))
    }
}

/// A payment's commitment in `project`: the first commitment whose payment list is not empty.
func commitmentWithPayments(_ h: ProcoreSandboxHarness, token: String, project: Int64) async throws -> (contract: Int64, payment: Int64) {
    for kind in ["purchase_order_contracts", "work_order_contracts"] {
        for commitment in try await h.records("/rest/v1.0/\(kind)?project_id=\(project)&per_page=1000", token: token) {
            let id = try #require(procoreID(commitment["id"]))
            let payments = try await h.records("/rest/v1.0/contract_payments?project_id=\(project)&contract_id=\(id)", token: token)
            if let payment = payments.first.flatMap({ procoreID($0["id"]) }) { return (id, payment) }
        }
    }
    Issue.record("no commitment of project \(project) has a payment")
    throw CancellationError()
}

@Suite("Procore sandbox is as strict as the spec's parameters")
struct ProcoreSandboxStrictnessTests {
    /// A valid value for every path and required query parameter of `request`, from the sandbox's data.
    struct Values {
        var company: Int64
        var project: Int64
        var contract: Int64
        var payment: Int64
        var ids: [String: Int64]

        func value(_ parameter: ProcoreRequestContract.Parameter, path: String) throws -> String {
            switch parameter.name {
            case "company_id": return String(company)
            case "project_id": return String(project)
            case "contract_id": return String(contract)
            case "id":
                // the record's id: the collection the {id} belongs to
                let collection = path.components(separatedBy: "/{id}")[0]
                return String(try #require(ids[collection], "no id for \(collection)"))
            default:
                return String(try #require(ids[parameter.name], "no value for \(parameter.name) (\(path))"))
            }
        }
    }

    static func values(_ h: ProcoreSandboxHarness, token: String) async throws -> Values {
        let data = await h.sandbox.dataset()
        let project = data.projectIDs[0]
        func first(_ path: String) async throws -> Int64 {
            let records = try await h.records(path, token: token)
            return try #require(records.first.flatMap { procoreID($0["id"]) }, "\(path) is empty")
        }
        let (contract, payment) = try await commitmentWithPayments(h, token: token, project: project)
        let po = try await first("/rest/v1.0/purchase_order_contracts?project_id=\(project)")
        let wo = try await first("/rest/v1.0/work_order_contracts?project_id=\(project)")
        // a requisition that bills change order lines, so its change order items are not empty
        var requisition: Int64?
        for r in try await h.records("/rest/v1.1/requisitions?project_id=\(project)&per_page=1000", token: token) {
            if let net = (r["summary"] as? [String: Any])?["net_change_by_change_orders"] as? String, net != "0.0" {
                requisition = procoreID(r["id"]); break
            }
        }
        let req = try #require(requisition)
        let prime = try await first("/rest/v1.0/prime_contracts?project_id=\(project)")
        let budgetView = try await first("/rest/v1.0/budget_views?project_id=\(project)")
        let budgetLine = try await first("/rest/v1.0/budget_views/\(budgetView)/detail_rows?project_id=\(project)")
        let ids: [String: Int64] = [
            "budget_view_id": budgetView, "/rest/v1.0/budget_line_items": budgetLine,
            "purchase_order_contract_id": po, "work_order_contract_id": wo, "requisition_id": req, "prime_contract_id": prime,
            "/rest/v1.0/vendors": try await first("/rest/v1.0/vendors?company_id=\(data.companyID)"),
            "/rest/v1.0/cost_codes": try await first("/rest/v1.0/cost_codes?project_id=\(project)"),
            "/rest/v1.0/line_item_types": try await first("/rest/v1.0/line_item_types?company_id=\(data.companyID)&project_id=\(project)"),
            "/rest/v1.0/purchase_order_contracts": po, "/rest/v1.0/work_order_contracts": wo,
            "/rest/v1.0/purchase_order_contracts/{purchase_order_contract_id}/line_items":
                try await first("/rest/v1.0/purchase_order_contracts/\(po)/line_items?project_id=\(project)"),
            "/rest/v1.0/work_order_contracts/{work_order_contract_id}/line_items":
                try await first("/rest/v1.0/work_order_contracts/\(wo)/line_items?project_id=\(project)"),
            "/rest/v1.0/requisitions": req, "/rest/v1.1/requisitions": req,
            "/rest/v1.0/requisitions/{requisition_id}/contract_items":
                try await first("/rest/v1.0/requisitions/\(req)/contract_items?project_id=\(project)"),
            "/rest/v1.0/requisitions/{requisition_id}/change_order_items":
                try await first("/rest/v1.0/requisitions/\(req)/change_order_items?project_id=\(project)"),
            "/rest/v1.0/projects/{project_id}/commitment_change_orders":
                try await first("/rest/v1.0/projects/\(project)/commitment_change_orders"),
            "/rest/v1.0/change_order_packages": try await first("/rest/v1.0/change_order_packages?project_id=\(project)"),
            "/rest/v1.0/payment_applications": try await first("/rest/v1.0/payment_applications?project_id=\(project)"),
            "/rest/v1.0/contract_payments": payment,
            "/rest/v1.0/projects/{project_id}/direct_costs": try await first("/rest/v1.1/projects/\(project)/direct_costs"),
            "/rest/v1.1/projects/{project_id}/direct_costs": try await first("/rest/v1.1/projects/\(project)/direct_costs"),
        ]
        return Values(company: data.companyID, project: project, contract: contract, payment: payment, ids: ids)
    }

    /// The request with every path and required query parameter filled, minus `omit`, with `override` values.
    static func url(_ request: ProcoreRequestContract.Request, _ values: Values, omit: String? = nil,
                    override: [String: String] = [:], extra: [(String, String)] = []) throws -> String {
        var path = request.path
        var query: [(String, String)] = []
        for p in request.parameters where p.in == "path" || p.required {
            let value = try override[p.name] ?? values.value(p, path: request.path)
            if p.in == "path" {
                path = path.replacingOccurrences(of: "{\(p.name)}", with: p.name == omit ? "" : value)
            } else if p.name != omit {
                query.append((p.name, value))
            }
        }
        for (name, value) in override where !request.parameters.contains(where: { $0.name == name && ($0.in == "path" || $0.required) }) {
            query.append((name, value))
        }
        query += extra
        let encoded = query.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }
        return path + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
    }

    /// A value of the wrong type for `parameter`, or nil when every string is acceptable.
    static func wrongValue(_ parameter: ProcoreRequestContract.Parameter) -> String? {
        switch parameter.t {
        case "integer", "number": return "abc"
        case "boolean": return "maybe"
        case "array": return parameter.i == "integer" ? "abc" : (parameter.e?.isEmpty == false ? "not-a-listed-value" : nil)
        case "string": return parameter.e?.isEmpty == false ? "not-a-listed-value" : nil
        default: return nil
        }
    }

    /// Expects Procore's 400: `{"errors": "…"}` naming the parameter.
    static func expect400(_ response: HTTPResponse, naming name: String, _ what: String) {
        #expect(response.status == 400, "\(what): answered \(response.status): \(response.text)")
        let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let message = object?["errors"] as? String
        #expect(message?.contains(name) == true || (name == "id" && message?.contains("not an integer") == true),
                "\(what): the error should be {\"errors\": …} naming \(name), got \(response.text)")
    }

    @Test("every endpoint in the contract: 400 without each required parameter, with each wrong type or unknown enum value")
    func strictParameters() async throws {
        let contract = try ProcoreRequestContract.load()
        #expect(contract.requests.count >= 40, "the contract holds \(contract.requests.count) requests")
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let values = try await Self.values(h, token: token)
            var covered = Set<String>()
            var missingChecks = 0, typeChecks = 0
            for request in contract.requests {
                // the valid request is answered, and unknown optional parameters are ignored
                let valid = try Self.url(request, values, extra: [("not_a_procore_parameter", "x"), ("filters[nothing]", "1")])
                let ok = try await h.get(valid, token: token)
                #expect(ok.status == 200, "\(request.operation): GET \(valid) answered \(ok.status): \(ok.text)")

                // (a path without its id segment is another endpoint: path parameters are checked by type)
                for p in request.parameters where p.required && p.in == "query" {
                    let url = try Self.url(request, values, omit: p.name)
                    Self.expect400(try await h.get(url, token: token), naming: p.name, "\(request.operation) without \(p.name): GET \(url)")
                    missingChecks += 1
                }
                for p in request.parameters {
                    guard let wrong = Self.wrongValue(p) else { continue }
                    let url = try Self.url(request, values, override: [p.name: wrong])
                    Self.expect400(try await h.get(url, token: token), naming: p.name, "\(request.operation) with \(p.name)=\(wrong): GET \(url)")
                    typeChecks += 1
                }
                covered.insert(request.operation)
            }
            #expect(covered.count == contract.requests.count)
            let requiredQuery = contract.requests.reduce(0) { $0 + $1.parameters.filter { $0.required && $0.in == "query" }.count }
            #expect(missingChecks == requiredQuery && requiredQuery >= 30, "\(missingChecks) missing-parameter checks")
            #expect(typeChecks > contract.requests.count * 2, "\(typeChecks) wrong-type checks")
        }
    }

    @Test("contract payments need contract_id, and list only that commitment's payments")
    func paymentsPerCommitment() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let project = await h.sandbox.dataset().projectIDs[0]
            let without = try await h.get("/rest/v1.0/contract_payments?project_id=\(project)", token: token)
            Self.expect400(without, naming: "contract_id", "payments without contract_id")
            let (contract, payment) = try await commitmentWithPayments(h, token: token, project: project)
            let listed = try await h.records("/rest/v1.0/contract_payments?project_id=\(project)&contract_id=\(contract)", token: token)
            #expect(!listed.isEmpty && listed.allSatisfy { procoreID($0["contract_id"]) == contract })
            let show = try await h.get("/rest/v1.0/contract_payments/\(payment)?project_id=\(project)&contract_id=\(contract)", token: token)
            #expect(show.status == 200, "\(show.text)")
            let otherContract = try await h.get("/rest/v1.0/contract_payments/\(payment)?project_id=\(project)&contract_id=1", token: token)
            #expect(otherContract.status == 404, "a payment is found only under its own commitment: \(otherContract.status)")
        }
    }
}
