import Procore

/// The fields of a Procore cost code (`GET /rest/v1.0/cost_codes?project_id=`) the mapping
/// needs. Decode a pulled record with `record.decode(ProcoreCostCodeRecord.self, resource: "cost_codes")`.
public struct ProcoreCostCodeRecord: Sendable, Hashable, Decodable {
    /// A line item type (cost type) allowed on the cost code.
    public struct LineItemType: Sendable, Hashable, Decodable {
        public var code: String?
        public var name: String?
    }

    public var id: Int64
    /// Full code including parent prefixes, e.g. `03-100`.
    public var fullCode: String?
    /// Code without the parent prefix (used when `full_code` is missing).
    public var code: String?
    public var name: String?
    public var lineItemTypes: [LineItemType]?

    enum CodingKeys: String, CodingKey {
        case id, code, name
        case fullCode = "full_code"
        case lineItemTypes = "line_item_types"
    }

    /// One use per allowed cost type (or one with no type when the code lists none).
    public func uses(projectID: Int64) -> [ProcoreCostCodeUse] {
        let costCode = (fullCode?.trimmingWhitespace.nilIfEmpty ?? code?.trimmingWhitespace) ?? ""
        guard !costCode.isEmpty else { return [] }
        let types = Set((lineItemTypes ?? []).compactMap { $0.code?.trimmingWhitespace.nilIfEmpty })
        if types.isEmpty {
            return [ProcoreCostCodeUse(projectID: projectID, costCode: costCode, name: name ?? "", costType: nil)]
        }
        return types.sorted().map {
            ProcoreCostCodeUse(projectID: projectID, costCode: costCode, name: name ?? "", costType: $0)
        }
    }
}
