/// A reference to another Procore object, as embedded in records (`{"id": 1, "name": "…"}`).
public struct ProcoreRef: Codable, Sendable, Hashable {
    public var id: Int64?
    public var name: String?

    public init(id: Int64?, name: String? = nil) {
        self.id = id
        self.name = name
    }
}
