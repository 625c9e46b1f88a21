/// The cost code embedded in a line item.
public struct CostCodeRef: Codable, Sendable, Hashable {
    public var id: Int64?
    /// Full code including parent prefixes, e.g. `03-300`.
    public var fullCode: String?
    /// Code without the parent prefix, e.g. `300`.
    public var code: String?
    public var name: String?
    public var originID: String?

    public init(id: Int64?, fullCode: String? = nil, code: String? = nil, name: String? = nil, originID: String? = nil) {
        self.id = id
        self.fullCode = fullCode
        self.code = code
        self.name = name
        self.originID = originID
    }
}
