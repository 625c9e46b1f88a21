/// A line item type, i.e. a cost type (`GET /rest/v1.0/line_item_types`): L labor, M materials, ...
public struct LineItemType: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String?
    public var code: String?
    /// `equipment`, `materials`, `commitment`, `owner_cost`, `professional_services`, `other`, ...
    public var baseType: String?
    public var originID: String?
    public var originData: String?

    public init(id: Int64, name: String? = nil, code: String? = nil, baseType: String? = nil) {
        self.id = id
        self.name = name
        self.code = code
        self.baseType = baseType
    }
}
