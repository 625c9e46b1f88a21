import Foundation

/// A project cost code (`GET /rest/v1.0/cost_codes`), e.g. `03-300 Cast-in-Place Concrete`.
public struct CostCode: Codable, Sendable, Hashable {
    public var id: Int64
    /// Code without the parent prefix.
    public var code: String?
    /// Full code including parent prefixes, e.g. `03-300`.
    public var fullCode: String?
    public var name: String?
    public var parent: ProcoreRef?
    public var budgeted: Bool?
    public var position: Int?
    public var standardCostCodeID: Int64?
    public var lineItemTypes: [LineItemType]?
    public var originID: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var deletedAt: Date?

    public init(id: Int64, fullCode: String?, name: String?) {
        self.id = id
        self.fullCode = fullCode
        self.name = name
    }
}
