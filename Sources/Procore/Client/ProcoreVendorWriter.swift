import Foundation

/// The company directory as the exchange that brings Sage 100's vendors to Procore uses it.
/// ``ProcoreClient`` is the real implementation; tests may supply others.
public protocol ProcoreVendorWriter: Sendable {
    /// Every vendor of the company directory (`GET /rest/v1.0/vendors`, every page).
    func companyVendors() async throws -> [Vendor]

    /// `PATCH /rest/v1.0/vendors/sync`: creates or updates vendors, at most
    /// ``VendorSync/maxUpdates`` per call. Procore answers 200 even when it refuses some: each
    /// refused update is in ``VendorSyncResult/errors``, never lost.
    func syncVendors(_ updates: [VendorSyncUpdate]) async throws -> VendorSyncResult
}

public enum VendorSync {
    /// Most updates one sync request may carry.
    public static let maxUpdates = 1000
}

/// One vendor to create or update through the sync endpoint. Matched by `id` when given, else
/// by `originID` (unique per company): a match is updated, none is created.
public struct VendorSyncUpdate: Sendable, Equatable {
    public var id: Int64?
    public var originID: String?
    public var originCode: String?
    public var originData: String?
    public var name: String?
    public var address: String?
    public var city: String?
    public var stateCode: String?
    public var zip: String?
    public var businessPhone: String?
    public var emailAddress: String?
    public var isActive: Bool?

    public init(id: Int64? = nil, originID: String? = nil) {
        self.id = id
        self.originID = originID
    }
}

/// What a vendors sync answered (``ProcoreSyncResult``).
public typealias VendorSyncResult = ProcoreSyncResult<Vendor>

/// An update Procore refused, with its messages as "field message" ("email_address is invalid").
public struct VendorSyncRefusal: Sendable, Equatable {
    public var id: Int64?
    public var originID: String?
    public var messages: [String]

    public init(id: Int64?, originID: String?, messages: [String]) {
        self.id = id
        self.originID = originID
        self.messages = messages
    }
}
