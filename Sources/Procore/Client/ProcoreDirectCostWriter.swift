import Foundation

/// Direct costs as the exchange that brings Sage 100's own job costs to Procore writes them.
/// ``ProcoreClient`` is the real implementation; tests may supply others.
///
/// Both calls are sync actions: an update is matched by `origin_id` (unique per company), so
/// sending one again updates rather than duplicates, and Procore answers 200 with each refused
/// update in ``DirectCostSyncResult/errors``, never lost.
public protocol ProcoreDirectCostWriter: Sendable {
    /// `PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync` (at most ``DirectCostSync/maxUpdates`` per call).
    func syncDirectCosts(projectID: Int64, _ updates: [DirectCostSyncUpdate]) async throws -> DirectCostSyncResult<DirectCost>
    /// `PATCH /rest/v1.0/projects/{project_id}/direct_costs/line_items/sync`.
    func syncDirectCostLines(projectID: Int64, _ updates: [DirectCostLineSyncUpdate]) async throws -> DirectCostSyncResult<DirectCostLineItem>
}

public enum DirectCostSync {
    /// Most updates one sync request carries.
    public static let maxUpdates = 1000
}

/// A direct cost to create or update, matched by `originID`.
public struct DirectCostSyncUpdate: Sendable, Equatable {
    public var originID: String
    public var originData: String?
    /// `invoice`, `expense` or `payroll` (set on creation only).
    public var directCostType: String
    public var directCostDate: ProcoreDay
    public var description: String?
    /// Required for an invoice.
    public var invoiceNumber: String?
    public var vendorID: Int64?
    public var status: String?

    public init(originID: String, directCostType: String, directCostDate: ProcoreDay) {
        self.originID = originID
        self.directCostType = directCostType
        self.directCostDate = directCostDate
    }
}

/// A line item of a direct cost, matched by `originID`.
public struct DirectCostLineSyncUpdate: Sendable, Equatable {
    public var originID: String
    public var originData: String?
    public var directCostID: Int64
    public var costCodeID: Int64
    public var lineItemTypeID: Int64
    public var amount: Decimal
    public var description: String?

    public init(originID: String, directCostID: Int64, costCodeID: Int64, lineItemTypeID: Int64, amount: Decimal) {
        self.originID = originID
        self.directCostID = directCostID
        self.costCodeID = costCodeID
        self.lineItemTypeID = lineItemTypeID
        self.amount = amount
    }
}

/// A direct cost line item as the line items sync answers it.
public struct DirectCostLineItem: Codable, Sendable, Hashable {
    public var id: Int64
    public var amount: Decimal?
    public var directCostID: Int64?
    public var originID: String?
    public var description: String?
}

/// What a direct costs sync answered (``ProcoreSyncResult``).
public typealias DirectCostSyncResult<Entity: Sendable & Equatable> = ProcoreSyncResult<Entity>
