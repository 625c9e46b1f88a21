/// One page of a reference or read-back read: `{"items":[…],"next_cursor":"…"|null}`.
/// Pass `next_cursor` back as `cursor` until it is null.
public struct AgentPage<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Opaque cursor of the next page; nil on the last page.
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

extension AgentPage: Decodable where Item: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        items = try c.decode([Item].self, forKey: .items)
        nextCursor = try c.decodeIfPresent(String.self, forKey: .nextCursor)
    }
}

extension AgentPage: Encodable where Item: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)  // explicit null on the last page
    }
}

extension AgentPage: Equatable where Item: Equatable {}
