/// One parameter of a Procore GET endpoint as its spec declares it (see ProcoreParameterRules.swift).
struct ProcoreParameterRule: Sendable {
    var name: String
    var inPath: Bool
    var required: Bool
    /// `integer`, `number`, `boolean`, `string`, `array` or `object`.
    var type: String
    /// The item type of an array.
    var items: String?
    /// Allowed values of an enum (empty: any value).
    var allowed: [String]
}

/// The parameters of one endpoint.
struct ProcoreEndpointRules: Sendable {
    var operation: String
    /// The spec's path, e.g. `/rest/v1.0/requisitions/{requisition_id}/contract_items`.
    var path: String
    var parameters: [ProcoreParameterRule]
}

/// Checks a request against its endpoint's parameters as Procore does: a required parameter
/// missing, a value of the wrong type or an enum value the spec does not list is answered 400;
/// parameters the endpoint does not declare are ignored.
enum ProcoreParameterCheck {
    /// Each endpoint's path split into segments (`{}` matches any segment).
    static let templates: [([Substring], ProcoreEndpointRules)] =
        ProcoreParameterRules.byPath.map { ($0.key.split(separator: "/"), $0.value) }

    /// The rules of the endpoint serving `path` (matched segment by segment, `{…}` matching any).
    static func rules(forPath path: String) -> ProcoreEndpointRules? {
        let segments = path.split(separator: "/")
        for (k, rules) in templates {
            guard k.count == segments.count else { continue }
            if zip(k, segments).allSatisfy({ $0 == "{}" || $0 == $1 }) { return rules }
        }
        return nil
    }

    /// Throws the 400 Procore answers for the first problem found, or returns when the request is valid.
    static func check(path: String, query: ProcoreQuery) throws {
        guard let rules = rules(forPath: path) else { return }
        let endpoint = "GET \(rules.path)"
        let templates = rules.path.split(separator: "/")
        let segments = path.split(separator: "/")
        var pathValues: [String: String] = [:]
        for (t, s) in zip(templates, segments) where t.hasPrefix("{") {
            pathValues[String(t.dropFirst().dropLast())] = ProcoreQuery.decode(String(s))
        }
        for rule in rules.parameters {
            let values: [String]
            if rule.inPath {
                values = pathValues[rule.name].map { [$0] } ?? []
            } else {
                let base = rule.name.hasSuffix("[]") ? String(rule.name.dropLast(2)) : rule.name
                values = query.pairs.filter { $0.name == base || $0.name == base + "[]" }.map(\.value)
            }
            let given = values.filter { !$0.isEmpty }
            if given.isEmpty {
                if rule.required {
                    throw ProcoreRequestError(status: 400, message:
                        "\(rule.name) is missing: \(endpoint) requires the \(rule.inPath ? "path" : "query") parameter \(rule.name) (\(rule.type))")
                }
                continue
            }
            for value in given {
                if let problem = problem(value, rule) {
                    throw ProcoreRequestError(status: 400, message: "\(rule.name) is invalid: \(problem) (\(endpoint))")
                }
            }
        }
    }

    static func problem(_ value: String, _ rule: ProcoreParameterRule) -> String? {
        switch rule.type {
        case "array":
            var text = Substring(value)
            if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
            for item in text.split(separator: ",").map({ String($0).trimmingSpaces }) where !item.isEmpty {
                if let p = scalarProblem(item, type: rule.items ?? "string", allowed: rule.allowed, name: rule.name) { return p }
            }
            return nil
        case "object":
            return nil
        default:
            return scalarProblem(value, type: rule.type, allowed: rule.allowed, name: rule.name)
        }
    }

    static func scalarProblem(_ value: String, type: String, allowed: [String], name: String) -> String? {
        switch type {
        case "integer":
            if Int64(value) == nil { return "'\(value)' is not an integer" }
        case "number":
            if Double(value) == nil { return "'\(value)' is not a number" }
        case "boolean":
            if !["true", "false"].contains(value) { return "'\(value)' is not true or false" }
        default:
            break
        }
        if !allowed.isEmpty {
            // `sort=-name` sorts descending by an allowed key
            let key = name == "sort" && value.hasPrefix("-") ? String(value.dropFirst()) : value
            if !allowed.contains(key) {
                return "'\(value)' does not have a valid value: use one of \(allowed.joined(separator: ", "))"
            }
        }
        return nil
    }
}
