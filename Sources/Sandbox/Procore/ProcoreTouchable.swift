/// The list resources whose `updated_at` the admin `touch` route can bump.
enum ProcoreTouchable: String, CaseIterable, Sendable {
    case projects, vendors, cost_codes, purchase_order_contracts, work_order_contracts, requisitions
    case commitment_change_orders, change_order_packages, prime_contracts, payment_applications
    case contract_payments, direct_costs

    struct Candidate { var index: Int; var id: Int64; var updatedAt: Int64 }

    func candidates(in ds: ProcoreDataset, project: Int32?) -> [Candidate] {
        func inProject(_ p: Int32) -> Bool { project == nil || project == p }
        switch self {
        case .projects:
            return ds.projects.indices.filter { inProject(Int32($0)) }.map { Candidate(index: $0, id: ds.projects[$0].id, updatedAt: ds.projects[$0].updatedAt) }
        case .vendors:
            return ds.vendors.indices.map { Candidate(index: $0, id: ds.vendors[$0].id, updatedAt: ds.vendors[$0].updatedAt) }
        case .cost_codes:
            return ds.costCodes.indices.filter { inProject(ds.costCodes[$0].project) }.map { Candidate(index: $0, id: ds.costCodes[$0].id, updatedAt: ds.costCodes[$0].updatedAt) }
        case .purchase_order_contracts, .work_order_contracts:
            let po = self == .purchase_order_contracts
            return ds.commitments.indices.filter {
                let c = ds.commitments[$0]
                return c.isPurchaseOrder == po && !c.deleted && inProject(c.project)
            }.map { Candidate(index: $0, id: ds.commitments[$0].id, updatedAt: ds.commitments[$0].updatedAt) }
        case .requisitions:
            return ds.requisitions.indices.filter { inProject(ds.commitments[Int(ds.requisitions[$0].commitment)].project) }
                .map { Candidate(index: $0, id: ds.requisitions[$0].id, updatedAt: ds.requisitions[$0].updatedAt) }
        case .commitment_change_orders:
            return ds.changeOrders.indices.filter { inProject(ds.commitments[Int(ds.changeOrders[$0].commitment)].project) }
                .map { Candidate(index: $0, id: ds.changeOrders[$0].id, updatedAt: ds.changeOrders[$0].updatedAt) }
        case .change_order_packages:
            return ds.packages.indices.filter { !ds.packages[$0].deleted && inProject(ds.commitments[Int(ds.packages[$0].commitment)].project) }
                .map { Candidate(index: $0, id: ds.packages[$0].id, updatedAt: ds.packages[$0].updatedAt) }
        case .prime_contracts:
            return ds.primeContracts.indices.filter { inProject(ds.primeContracts[$0].project) }
                .map { Candidate(index: $0, id: ds.primeContracts[$0].id, updatedAt: ds.primeContracts[$0].updatedAt) }
        case .payment_applications:
            return ds.paymentApplications.indices.filter { inProject(ds.paymentApplications[$0].project) }
                .map { Candidate(index: $0, id: ds.paymentApplications[$0].id, updatedAt: ds.paymentApplications[$0].updatedAt) }
        case .contract_payments:
            return ds.payments.indices.filter { inProject(ds.payments[$0].project) }
                .map { Candidate(index: $0, id: ds.payments[$0].id, updatedAt: ds.payments[$0].updatedAt) }
        case .direct_costs:
            return ds.directCosts.indices.filter { !ds.directCosts[$0].deleted && inProject(ds.directCosts[$0].project) }
                .map { Candidate(index: $0, id: ds.directCosts[$0].id, updatedAt: ds.directCosts[$0].updatedAt) }
        }
    }

    func setUpdatedAt(_ ms: Int64, index i: Int, in ds: inout ProcoreDataset) {
        switch self {
        case .projects: ds.projects[i].updatedAt = ms
        case .vendors: ds.vendors[i].updatedAt = ms
        case .cost_codes: ds.costCodes[i].updatedAt = ms
        case .purchase_order_contracts, .work_order_contracts: ds.commitments[i].updatedAt = ms
        case .requisitions: ds.requisitions[i].updatedAt = ms
        case .commitment_change_orders: ds.changeOrders[i].updatedAt = ms
        case .change_order_packages: ds.packages[i].updatedAt = ms
        case .prime_contracts: ds.primeContracts[i].updatedAt = ms
        case .payment_applications: ds.paymentApplications[i].updatedAt = ms
        case .contract_payments: ds.payments[i].updatedAt = ms
        case .direct_costs: ds.directCosts[i].updatedAt = ms
        }
    }
}
