import Foundation

/// Writing an ERP identity back onto a Procore record after it was posted: what the link-back
/// step depends on. ``ProcoreClient`` is the real implementation; tests may supply others.
public protocol ProcoreOriginWriter: Sendable {
    /// `PATCH /rest/v1.0/{purchase_order_contracts|work_order_contracts|requisitions|contract_payments}/{id}`
    /// with the record's `origin_id` and `origin_data`. Setting the same values again changes
    /// nothing but the record's stamp, so a send without an answer may simply be sent again.
    func setOrigin(_ link: OriginLink) async throws
}

/// One Procore record and the Sage identity it gets.
public struct OriginLink: Sendable, Equatable {
    /// `purchase_order_contracts`, `work_order_contracts`, `requisitions` or `contract_payments`.
    public var resource: String
    public var id: Int64
    public var projectID: Int64
    /// The requisition's or payment's commitment (Procore requires it); nil for a commitment.
    public var commitmentID: Int64?
    /// The Sage key.
    public var originID: String
    /// What the connector wants Procore to show of the posting (opaque to Procore).
    public var originData: String?

    public init(resource: String, id: Int64, projectID: Int64, commitmentID: Int64? = nil, originID: String, originData: String? = nil) {
        self.resource = resource
        self.id = id
        self.projectID = projectID
        self.commitmentID = commitmentID
        self.originID = originID
        self.originData = originData
    }

    /// The resources a link can be written to. (Procore's commitment change order PATCH takes
    /// no origin fields, so a change order is shown through its commitment's.)
    public static let resources = ["purchase_order_contracts", "work_order_contracts", "requisitions", "contract_payments"]
}
