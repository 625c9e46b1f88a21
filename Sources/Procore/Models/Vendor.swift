import Foundation

/// A company-directory vendor (`GET /rest/v1.0/vendors`).
public struct Vendor: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String?
    public var abbreviatedName: String?
    /// Company name in the extended view.
    public var company: String?
    public var tradeName: String?
    public var isActive: Bool?
    public var address: String?
    public var city: String?
    public var stateCode: String?
    public var zip: String?
    public var countryCode: String?
    public var businessPhone: String?
    public var faxNumber: String?
    public var emailAddress: String?
    public var licenseNumber: String?
    public var website: String?
    public var unionMember: Bool?
    /// The ERP's id for this vendor, when it has been synced.
    public var originID: String?
    public var originCode: String?
    public var originData: String?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(id: Int64, name: String?) {
        self.id = id
        self.name = name
    }
}
