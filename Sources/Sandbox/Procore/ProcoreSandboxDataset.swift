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
    /// Inactive projects (listed by Procore only when asked for inactive ones).
    public let inactiveProjectIDs: [Int64]
    /// Vendor ids in the company directory.
    public let vendorIDs: [Int64]

    /// Each commitment's figures as the sandbox itself holds them, in cents: what a job-to-date
    /// reconciliation must find on Procore's side.
    public let commitments: [CommitmentTotals]

    /// One commitment, summed from the sandbox's own records (not from the JSON it serves).
    public struct CommitmentTotals: Sendable, Equatable {
        public let id: Int64
        public let projectID: Int64
        /// As served (`Approved`, `Complete`, `Draft`, …).
        public let status: String
        public let deleted: Bool
        /// The schedule of values (grand_total).
        public let originalCents: Int64
        /// Approved change orders.
        public let approvedChangeOrdersCents: Int64
        /// Approved requisitions: work completed this period, summed.
        public let billedCents: Int64
        /// Approved requisitions: retainage this period, summed.
        public let retainageCents: Int64
        /// Contract payments, summed.
        public let paidCents: Int64
    }

    /// Total records across all resources.
    public var totalRecords: Int { counts.values.reduce(0, +) + deletedCounts.values.reduce(0, +) }

    init(_ ds: ProcoreDataset) {
        companyID = ds.company.id
        projectIDs = ds.projects.map(\.id)
        forbiddenProjectIDs = ds.projects.filter(\.forbidden).map(\.id)
        vendorIDs = ds.vendors.map(\.id)
        inactiveProjectIDs = ds.projects.filter { !$0.active }.map(\.id)
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
        var billed: [Int32: Int64] = [:], retainage: [Int32: Int64] = [:], paid: [Int32: Int64] = [:]
        for r in ds.requisitions where ["approved", "approved_as_noted"].contains(ProcoreStatus.requisition[Int(r.status)]) {
            billed[r.commitment, default: 0] += r.totals.completedThisPeriod
            retainage[r.commitment, default: 0] += r.totals.retainageThisPeriod
        }
        for p in ds.payments { paid[p.commitment, default: 0] += p.amount }
        commitments = ds.commitments.enumerated().map { i, c in
            let index = Int32(i)
            return CommitmentTotals(
                id: c.id, projectID: ds.projects[Int(c.project)].id,
                status: (c.isPurchaseOrder ? ProcoreStatus.purchaseOrder : ProcoreStatus.workOrder)[Int(c.status)],
                deleted: c.deleted, originalCents: c.grandTotal, approvedChangeOrdersCents: c.approvedChangeOrders,
                billedCents: billed[index] ?? 0, retainageCents: retainage[index] ?? 0, paidCents: paid[index] ?? 0)
        }
        deletedCounts = [
            "purchase_order_contracts": po.filter(\.deleted).count,
            "work_order_contracts": wo.filter(\.deleted).count,
            "change_order_packages": ds.packages.filter(\.deleted).count,
            "direct_costs": ds.directCosts.filter(\.deleted).count,
        ]
    }
}
