/// The vendor embedded in a commitment, change order or contract.
///
/// Commitments send the vendor's name as `company`; other records send `name`.
public struct VendorRef: Codable, Sendable, Hashable {
    public var id: Int64?
    public var name: String?
    public var company: String?
    public var originID: String?

    public init(id: Int64?, name: String? = nil, company: String? = nil, originID: String? = nil) {
        self.id = id
        self.name = name
        self.company = company
        self.originID = originID
    }

    /// The vendor's name, whichever field carried it.
    public var displayName: String? { company ?? name }
}
