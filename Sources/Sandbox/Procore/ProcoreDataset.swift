/// Everything the sandbox serves, held as compact structs. Records of one project are
/// contiguous in each array and ids increase along each array, so lookups are binary searches.
struct ProcoreDataset: Sendable {
    var company: PCompany
    var projects: [PProject] = []
    var vendors: [PVendor] = []
    var lineItemTypes: [PLineItemType] = []
    var costCodes: [PCostCode] = []
    var commitments: [PCommitment] = []
    /// Schedule-of-values lines of commitments.
    var lineItems: [PLineItem] = []
    var changeOrders: [PChangeOrder] = []
    /// Lines of commitment change orders.
    var changeOrderLineItems: [PLineItem] = []
    var packages: [PChangeOrderPackage] = []
    var requisitions: [PRequisition] = []
    var primeContracts: [PPrimeContract] = []
    var paymentApplications: [PPaymentApplication] = []
    var payments: [PContractPayment] = []
    var directCosts: [PDirectCost] = []
    /// Budget line items, per project in ``budgetLineRanges`` (ids increase along the array).
    var budgetLines: [PBudgetLine] = []

    /// Per project: index ranges into the arrays above.
    var costCodeRanges: [Range<Int>] = []
    var commitmentRanges: [Range<Int>] = []
    var changeOrderRanges: [Range<Int>] = []
    var packageRanges: [Range<Int>] = []
    var requisitionRanges: [Range<Int>] = []
    var paymentApplicationRanges: [Range<Int>] = []
    var paymentRanges: [Range<Int>] = []
    var directCostRanges: [Range<Int>] = []
    var budgetLineRanges: [Range<Int>] = []
    /// Payments created through the API: appended to `payments` (ids keep increasing), listed
    /// per project here, their text fields in `paymentDetails`.
    var addedPayments: [Int: [Int]] = [:]
    var paymentDetails: [PPaymentDetails] = []
    /// Records created after generation (`POST /_sandbox/create`): appended to their arrays
    /// (ids keep increasing), listed per project here.
    var addedChangeOrders: [Int: [Int]] = [:]
    var addedRequisitions: [Int: [Int]] = [:]
    var addedPaymentApplications: [Int: [Int]] = [:]
    /// Direct costs created through the sync endpoint (appended to `directCosts`), per project,
    /// and the text fields of every direct cost written through it, by index.
    var addedDirectCosts: [Int: [Int]] = [:]
    var directCostDetails: [Int: PDirectCostDetails] = [:]
    /// Direct cost line items written through the line items sync (ids increase along it).
    var directCostLines: [PDirectCostLine] = []

    init(company: PCompany) { self.company = company }

    /// Index of the record with `id` in an array sorted by id.
    static func find<T>(_ id: Int64, in items: [T], key: (T) -> Int64) -> Int? {
        var lo = 0, hi = items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let k = key(items[mid])
            if k == id { return mid }
            if k < id { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    func projectIndex(id: Int64) -> Int? { Self.find(id, in: projects) { $0.id } }

    /// Indices into `payments` of project `p`: the generated range, then those created through the API.
    func paymentIndices(project p: Int) -> [Int] { Array(paymentRanges[p]) + (addedPayments[p] ?? []) }

    /// Indices into `changeOrders` of project `p`: the generated range, then the created ones.
    func changeOrderIndices(project p: Int) -> [Int] { Array(changeOrderRanges[p]) + (addedChangeOrders[p] ?? []) }
    func requisitionIndices(project p: Int) -> [Int] { Array(requisitionRanges[p]) + (addedRequisitions[p] ?? []) }
    func paymentApplicationIndices(project p: Int) -> [Int] {
        Array(paymentApplicationRanges[p]) + (addedPaymentApplications[p] ?? [])
    }

    func directCostIndices(project p: Int) -> [Int] { Array(directCostRanges[p]) + (addedDirectCosts[p] ?? []) }
    func directCost(_ i: Int, isIn p: Int) -> Bool { directCostRanges[p].contains(i) || (addedDirectCosts[p]?.contains(i) ?? false) }

    /// Whether change order `i` belongs to project `p` (generated or created there).
    func changeOrder(_ i: Int, isIn p: Int) -> Bool { changeOrderRanges[p].contains(i) || (addedChangeOrders[p]?.contains(i) ?? false) }
    func requisition(_ i: Int, isIn p: Int) -> Bool { requisitionRanges[p].contains(i) || (addedRequisitions[p]?.contains(i) ?? false) }
    func paymentApplication(_ i: Int, isIn p: Int) -> Bool {
        paymentApplicationRanges[p].contains(i) || (addedPaymentApplications[p]?.contains(i) ?? false)
    }

    /// Requisitions of commitment `c` in number order: generated, then created.
    func requisitionIndices(commitment c: Int) -> [Int] {
        let cm = commitments[c]
        return cm.requisitions.map(Int.init) + (addedRequisitions[Int(cm.project)] ?? []).filter { requisitions[$0].commitment == Int32(c) }
    }

    /// Change orders of commitment `c`: generated, then created.
    func changeOrderIndices(commitment c: Int) -> [Int] {
        let cm = commitments[c]
        return cm.changeOrders.map(Int.init) + (addedChangeOrders[Int(cm.project)] ?? []).filter { changeOrders[$0].commitment == Int32(c) }
    }
}

/// Status vocabularies, in the spellings of Procore's API.
enum ProcoreStatus {
    static let purchaseOrder = ["Draft", "Processing", "Submitted", "Partially Received", "Received", "Approved", "Closed"]
    static let workOrder = ["Draft", "Out For Bid", "Out For Signature", "Approved", "Complete", "Terminated", "Void"]
    static let requisition = ["draft", "under_review", "revise_and_resubmit", "approved", "approved_as_noted", "pending_owner_approval"]
    static let changeOrder = ["draft", "pricing", "not_pricing", "pending", "revised", "proceeding", "not_proceeding",
                              "pending_billable", "no_charge", "approved", "rejected", "void"]
    static let package = ["draft", "not_pricing", "pricing", "pending", "revised", "proceeding", "not_proceeding",
                          "no_charge", "approved", "rejected", "void"]
    static let prime = ["Draft", "Out For Bid", "Out For Signature", "Approved", "Complete", "Terminated"]
    static let paymentApplication = ["draft", "under_review", "revise_and_resubmit", "approved"]
    static let directCost = ["draft", "pending", "revise_and_resubmit", "approved"]
    static let directCostType = ["invoice", "expense", "payroll"]
    static let workScope = ["new_construction", "renovation_alteration", "maintenance_service"]

    static func index(_ name: String, in list: [String]) -> UInt8 { UInt8(list.firstIndex(of: name)!) }
}
