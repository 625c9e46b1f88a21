import Foundation

/// What a purchase order contract and a subcontract (work order contract) have in common: the
/// fields a commitment's Sage purchase order is built from.
public protocol ProcoreCommitment: Sendable {
    var id: Int64 { get }
    var number: String? { get }
    var title: String? { get }
    var status: String? { get }
    var vendor: VendorRef? { get }
    var project: ProcoreRef? { get }
    var contractDate: ProcoreDay? { get }
    var issuedOnDate: ProcoreDay? { get }
    var executionDate: ProcoreDay? { get }
    var updatedAt: Date? { get }
    var deletedAt: Date? { get }
    var lineItems: [CommitmentLineItem]? { get }
    /// The ERP identity another integration (or this connector's link-back) gave it.
    var originID: String? { get }
}

extension PurchaseOrderContract: ProcoreCommitment {}
extension WorkOrderContract: ProcoreCommitment {}
