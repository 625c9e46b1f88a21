/// Read access to what the sandbox generated, for tests and the command line.
public struct ProcoreSandboxDataset: Sendable {
    /// The one company.
    public let companyID: Int64
    /// Every project id, in id order.
    public let projectIDs: [Int64]
    /// Projects that answer 403 (outside the service account's permissions).
    public let forbiddenProjectIDs: [Int64]
    /// Live (not deleted) records per list resource, e.g. `counts["requisitions"]`; line items
    /// are under `commitment_line_items` and `change_order_line_items`.
    public let counts: [String: Int]
    /// Deleted records per resource (visible only with `filters[include_deleted]`).
    public let deletedCounts: [String: Int]
    /// Vendor ids in the company directory.
    public let vendorIDs: [Int64]

    /// Total records across all resources.
    public var totalRecords: Int { counts.values.reduce(0, +) + deletedCounts.values.reduce(0, +) }

    init(_ ds: ProcoreDataset) {
        companyID = ds.company.id
        projectIDs = ds.projects.map(\.id)
        forbiddenProjectIDs = ds.projects.filter(\.forbidden).map(\.id)
        vendorIDs = ds.vendors.map(\.id)
        let po = ds.commitments.filter { $0.isPurchaseOrder }
        let wo = ds.commitments.filter { !$0.isPurchaseOrder }
        counts = [
            "projects": ds.projects.count,
            "vendors": ds.vendors.count,
            "cost_codes": ds.costCodes.count,
            "line_item_types": ds.lineItemTypes.count,
            "purchase_order_contracts": po.filter { !$0.deleted }.count,
            "work_order_contracts": wo.filter { !$0.deleted }.count,
            "commitment_line_items": ds.lineItems.count,
            "requisitions": ds.requisitions.count,
            "commitment_change_orders": ds.changeOrders.count,
            "change_order_line_items": ds.changeOrderLineItems.count,
            "change_order_packages": ds.packages.filter { !$0.deleted }.count,
            "prime_contracts": ds.primeContracts.count,
            "payment_applications": ds.paymentApplications.count,
            "contract_payments": ds.payments.count,
            "direct_costs": ds.directCosts.filter { !$0.deleted }.count,
        ]
        deletedCounts = [
            "purchase_order_contracts": po.filter(\.deleted).count,
            "work_order_contracts": wo.filter(\.deleted).count,
            "change_order_packages": ds.packages.filter(\.deleted).count,
            "direct_costs": ds.directCosts.filter(\.deleted).count,
        ]
    }
}
