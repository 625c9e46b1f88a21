import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// A JSON value that keeps the JSON type (JSONSerialization blurs numbers and booleans).
indirect enum ProcoreJSONNode: Decodable {
    case null, bool(Bool), int(Int64), double(Double), string(String), array([ProcoreJSONNode]), object([String: ProcoreJSONNode])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ProcoreJSONNode].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ProcoreJSONNode].self)) }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// The field contract generated from Procore's OpenAPI schemas by scripts/gen-procore-contract.py.
struct ProcoreContract: Decodable {
    struct FieldType: Decodable {
        var t: String
        var n: Bool
        var f: String?
        var e: [String]?
        var p: [String: FieldType]?
        var i: Box?
    }
    /// Recursion through an optional needs a reference type.
    final class Box: Decodable {
        let value: FieldType
        init(from decoder: any Decoder) throws { value = try FieldType(from: decoder) }
    }
    struct Endpoint: Decodable {
        var name: String
        var operation: String
        var path: String
        var paginated: Bool
        var default_per_page: Int?
        var schema_source: String
        var closed: Bool
        var fields: [String: FieldType]
    }
    var endpoints: [Endpoint]

    static func load() throws -> ProcoreContract {
        let url = try #require(Bundle.module.url(forResource: "procore-contract", withExtension: "json", subdirectory: "Contract"),
                               "Contract/procore-contract.json is missing: run scripts/gen-procore-contract.py")
        return try JSONDecoder().decode(ProcoreContract.self, from: Data(contentsOf: url))
    }

    /// Every way `value` breaks `type`, as "path: problem" lines.
    static func violations(_ value: ProcoreJSONNode, _ type: FieldType, at path: String) -> [String] {
        if case .null = value { return type.n ? [] : ["\(path): null, but the field must be filled"] }
        switch (type.t, value) {
        case ("any", _): return []
        case ("integer", .int): return []
        case ("number", .int), ("number", .double): return []
        case ("boolean", .bool): return []
        case ("string", .string(let s)):
            var out: [String] = []
            if let allowed = type.e, !allowed.contains(s) { out.append("\(path): '\(s)' is not one of \(allowed)") }
            if type.f == "date", !isDate(s) { out.append("\(path): '\(s)' is not a YYYY-MM-DD date") }
            if type.f == "date-time", !isDateTime(s) { out.append("\(path): '\(s)' is not an ISO 8601 date-time") }
            return out
        case ("array", .array(let items)):
            guard let item = type.i?.value else { return [] }
            return items.enumerated().flatMap { violations($1, item, at: "\(path)[\($0)]") }
        case ("object", .object(let fields)):
            guard let props = type.p else { return [] }
            var out: [String] = []
            for (name, t) in props {
                guard let v = fields[name] else { out.append("\(path).\(name): missing"); continue }
                out += violations(v, t, at: "\(path).\(name)")
            }
            return out
        default:
            return ["\(path): \(value.typeName), expected \(type.t)"]
        }
    }

    static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
        return b.enumerated().allSatisfy { $0 == 4 || $0 == 7 || (48...57).contains($1) }
    }

    static func isDateTime(_ s: String) -> Bool {
        guard s.count >= 20, isDate(String(s.prefix(10))), Array(s.utf8)[10] == 84 else { return false }
        return s.hasSuffix("Z") || s.dropLast(6).count > 10 && (s.suffix(6).hasPrefix("+") || s.suffix(6).hasPrefix("-"))
    }
}

@Suite("Procore sandbox conforms to the OpenAPI field contract")
struct ProcoreSchemaConformanceTests {
    @Test("contract file covers every list endpoint the sandbox serves")
    func contractCoversEndpoints() throws {
        let contract = try ProcoreContract.load()
        let names = Set(contract.endpoints.map(\.name))
        for required in ["companies", "projects", "vendors", "cost_codes", "line_item_types", "purchase_order_contracts",
                         "purchase_order_contract_line_items", "work_order_contracts", "work_order_contract_line_items",
                         "requisitions", "requisition_contract_items", "requisition_change_order_items", "requisition_detail",
                         "commitment_change_orders", "change_order_packages", "prime_contracts", "payment_applications",
                         "contract_payments", "direct_costs", "budget_views", "budget_detail_rows"] {
            #expect(names.contains(required), "contract lacks \(required)")
        }
        let requisitions = try #require(contract.endpoints.first { $0.name == "requisitions" })
        #expect(requisitions.path == "/rest/v1.1/requisitions")
        #expect(requisitions.default_per_page == 30)
        #expect(requisitions.fields["id"]?.n == false)
    }

    @Test("every record of every list endpoint matches the contract, field for field")
    func everyRecordConforms() async throws {
        let contract = try ProcoreContract.load()
        try await ProcoreSandboxHarness.with(.init(projects: 3, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let data = await h.sandbox.dataset()
            let company = data.companyID
            let project = data.projectIDs[0]

            // ids to fill path templates
            let pos = try await h.records("/rest/v1.0/purchase_order_contracts?project_id=\(project)&per_page=1000", token: token)
            let wos = try await h.records("/rest/v1.0/work_order_contracts?project_id=\(project)&per_page=1000", token: token)
            let reqs = try await h.records("/rest/v1.1/requisitions?project_id=\(project)&per_page=1000", token: token)
            let poID = try #require(pos.first?["id"] as? Int64 ?? (pos.first?["id"] as? NSNumber)?.int64Value)
            let woID = try #require((wos.first?["id"] as? NSNumber)?.int64Value)
            // a requisition that bills change order lines, so change_order_items is not empty
            var reqWithCO: Int64?
            for r in reqs {
                let summary = r["summary"] as? [String: Any]
                if let net = summary?["net_change_by_change_orders"] as? String, net != "0.0" {
                    reqWithCO = (r["id"] as? NSNumber)?.int64Value
                    break
                }
            }
            let reqID = try #require(reqWithCO, "no requisition in project \(project) bills a change order")

            let (paymentContract, _) = try await commitmentWithPayments(h, token: token, project: project)
            let views = try await h.records("/rest/v1.0/budget_views?project_id=\(project)", token: token)
            let budgetView = try #require((views.first?["id"] as? NSNumber)?.int64Value, "no budget view")

            var checked: [String: Int] = [:]
            for endpoint in contract.endpoints {
                var path = endpoint.path
                    .replacingOccurrences(of: "{project_id}", with: String(project))
                    .replacingOccurrences(of: "{purchase_order_contract_id}", with: String(poID))
                    .replacingOccurrences(of: "{work_order_contract_id}", with: String(woID))
                    .replacingOccurrences(of: "{requisition_id}", with: String(reqID))
                    .replacingOccurrences(of: "{budget_view_id}", with: String(budgetView))
                #expect(!path.contains("{"), "\(endpoint.name): unfilled template \(path)")
                switch endpoint.name {
                case "companies": path += "?per_page=1000"
                case "projects", "vendors": path += "?company_id=\(company)&per_page=1000"
                case "line_item_types": path += "?company_id=\(company)&project_id=\(project)&per_page=1000"
                case "contract_payments": path += "?project_id=\(project)&contract_id=\(paymentContract)&per_page=1000"
                default: path += "?project_id=\(project)&per_page=1000&filters[include_deleted]=with"
                }
                let response = try await h.get(path, token: token)
                #expect(response.status == 200, "\(endpoint.name): GET \(path) answered \(response.status): \(response.text)")
                guard response.status == 200 else { continue }
                #expect((response.headers["Link"] != nil) == endpoint.paginated,
                        "\(endpoint.name): Link header presence should follow the spec's pagination")
                let body = try JSONDecoder().decode(ProcoreJSONNode.self, from: response.body)
                guard case .array(let records) = body else {
                    Issue.record("\(endpoint.name): response is \(body.typeName), expected an array"); continue
                }
                #expect(!records.isEmpty, "\(endpoint.name): no records to check")
                for (n, record) in records.enumerated() {
                    guard case .object(let fields) = record else {
                        Issue.record("\(endpoint.name)[\(n)] is \(record.typeName), expected an object"); continue
                    }
                    var problems: [String] = []
                    for (name, type) in endpoint.fields {
                        guard let value = fields[name] else { problems.append("\(name): missing"); continue }
                        problems += ProcoreContract.violations(value, type, at: name)
                    }
                    if endpoint.closed {
                        for name in fields.keys where endpoint.fields[name] == nil {
                            problems.append("\(name): not in the spec (\(endpoint.schema_source))")
                        }
                    }
                    if !problems.isEmpty {
                        Issue.record("\(endpoint.name) record \(n) (\(endpoint.path)): \(problems.sorted().prefix(8).joined(separator: "; "))")
                    }
                }
                checked[endpoint.name] = records.count
            }
            #expect(checked.count == contract.endpoints.count, "checked \(checked.keys.sorted())")
        }
    }

    @Test("the contract check catches a wrong type, a null key field and an unknown enum value")
    func checkerRejectsBadValues() throws {
        let contract = try ProcoreContract.load()
        let pos = try #require(contract.endpoints.first { $0.name == "purchase_order_contracts" })
        let idType = try #require(pos.fields["id"])
        let status = try #require(pos.fields["status"])
        let created = try #require(pos.fields["created_at"])
        #expect(!ProcoreContract.violations(.string("12"), idType, at: "id").isEmpty)
        #expect(!ProcoreContract.violations(.null, idType, at: "id").isEmpty)
        #expect(ProcoreContract.violations(.int(12), idType, at: "id").isEmpty)
        #expect(!ProcoreContract.violations(.string("Pending"), status, at: "status").isEmpty)
        #expect(ProcoreContract.violations(.string("Approved"), status, at: "status").isEmpty)
        #expect(!ProcoreContract.violations(.string("2026-01-02"), created, at: "created_at").isEmpty)
        #expect(ProcoreContract.violations(.string("2026-01-02T03:04:05.678Z"), created, at: "created_at").isEmpty)
    }
}
