import Foundation

/// A project of the company (`GET /rest/v1.0/projects`).
public struct Project: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String?
    public var displayName: String?
    public var projectNumber: String?
    public var accountingProjectNumber: String?
    public var active: Bool?
    public var address: String?
    public var city: String?
    public var stateCode: String?
    public var zip: String?
    public var countryCode: String?
    public var stage: String?
    public var startDate: ProcoreDay?
    public var completionDate: ProcoreDay?
    public var totalValue: Decimal?
    public var estimatedValue: Decimal?
    public var company: ProcoreRef?
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
