/// The contract a change order or payment application belongs to.
public struct ContractRef: Codable, Sendable, Hashable {
    public var id: Int64?
    public var number: String?
    public var title: String?
    /// `PurchaseOrderContract`, `WorkOrderContract` or `PrimeContract`.
    public var type: String?

    public init(id: Int64?, number: String? = nil, title: String? = nil, type: String? = nil) {
        self.id = id
        self.number = number
        self.title = title
        self.type = type
    }
}
