/// A company visible to the service account (`GET /rest/v1.0/companies`).
public struct Company: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String?
    public var isActive: Bool?
    public var myCompany: Bool?

    public init(id: Int64, name: String?, isActive: Bool? = nil, myCompany: Bool? = nil) {
        self.id = id
        self.name = name
        self.isActive = isActive
        self.myCompany = myCompany
    }
}
