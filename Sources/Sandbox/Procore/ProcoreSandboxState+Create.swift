/// The records `POST /_sandbox/create` can add, as people add them in Procore.
enum ProcoreCreatable: String, CaseIterable, Sendable {
    case commitment_change_orders, requisitions, payment_applications, contract_payments, vendors

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension ProcoreSandboxState {
    /// `POST /_sandbox/create`: adds `count` new records of `resource`, each approved and ready
    /// for the connector, optionally within one project, and returns their ids (greater than
    /// every id before them, created and updated now):
    /// - `commitment_change_orders`: an approved, executed change order of one to three lines
    ///   (cost codes of the commitment's own schedule of values) on an approved or complete,
    ///   live commitment; the commitment's approved change order total follows.
    /// - `requisitions`: the commitment's next approved requisition, billing further progress
    ///   over its schedule of values and the change orders approved before it.
    /// - `payment_applications`: the project's next approved owner payment application.
    /// - `contract_payments`: the payment of an approved requisition not yet paid.
    /// - `vendors`: a new active company vendor not yet linked to an ERP record.
    /// Projects outside the service account are never chosen. `commitmentID` names the
    /// commitment a change order or requisition is added to (else one is drawn). Fewer than
    /// `count` ids come back when nothing more can be created (every commitment billed to
    /// 100 %, say).
    func create(resource: String, count: Int, projectID: Int64? = nil, commitmentID: Int64? = nil) throws -> [Int64] {
        guard let kind = ProcoreCreatable(rawValue: resource) else {
            throw ProcoreRequestError(status: 400, message: "resource '\(resource)' cannot be created here: use one of \(ProcoreCreatable.names)")
        }
        var project: Int? = nil
        if let projectID {
            guard let p = dataset.projectIndex(id: projectID) else {
                throw ProcoreRequestError(status: 404, message: "project_id \(projectID) is not a sandbox project")
            }
            project = p
        }
        var commitment: Int? = nil
        if let commitmentID {
            guard kind == .commitment_change_orders || kind == .requisitions else {
                throw ProcoreRequestError(status: 400, message: "commitment_id applies to commitment_change_orders and requisitions only, not \(resource)")
            }
            guard let c = ProcoreDataset.find(commitmentID, in: dataset.commitments, key: { $0.id }),
                  project.map({ dataset.commitmentRanges[$0].contains(c) }) ?? true else {
                throw ProcoreRequestError(status: 404, message: "commitment_id \(commitmentID) is not a sandbox commitment\(projectID.map { " of project \($0)" } ?? "")")
            }
            guard openCommitments(project: Int(dataset.commitments[c].project)).contains(c) else {
                throw ProcoreRequestError(status: 422, message:
                    "commitment \(commitmentID) takes no new records: only a live, approved or complete commitment with a schedule of values does")
            }
            commitment = c
        }
        var ids: [Int64] = []
        for _ in 0..<max(0, count) {
            let id: Int64?
            switch kind {
            case .commitment_change_orders: id = createChangeOrder(project: project, commitment: commitment)
            case .requisitions: id = createRequisition(project: project, commitment: commitment)
            case .payment_applications: id = createPaymentApplication(project: project)
            case .contract_payments: id = createContractPayment(project: project)
            case .vendors: id = createVendor()
            }
            guard let id else { break }
            ids.append(id)
        }
        return ids
    }

    /// Live commitments a change order or a requisition can be added to: approved or complete
    /// (what goes to Sage as a purchase order), with a schedule of values, in a project the
    /// service account sees.
    private func openCommitments(project: Int?) -> [Int] {
        let range = project.map { dataset.commitmentRanges[$0] } ?? dataset.commitments.indices
        return range.filter { i in
            let c = dataset.commitments[i]
            let statuses = c.isPurchaseOrder ? ProcoreStatus.purchaseOrder : ProcoreStatus.workOrder
            return !c.deleted && ["Approved", "Complete"].contains(statuses[Int(c.status)]) && !c.lineItems.isEmpty
                && !dataset.projects[Int(c.project)].forbidden
        }
    }

    private func createChangeOrder(project: Int?, commitment: Int?) -> Int64? {
        let open = commitment.map { [$0] } ?? openCommitments(project: project)
        guard !open.isEmpty else { return nil }
        let c = creations.pick(open)
        let cm = dataset.commitments[c]
        let now = nextWriteTime()
        let index = dataset.changeOrders.count
        let number = (dataset.changeOrderIndices(commitment: c).map { dataset.changeOrders[$0].number }.max() ?? 0) + 1
        let codes = cm.lineItems.map { dataset.lineItems[Int($0)].costCode }.filter { $0 >= 0 }
        var lineID = dataset.changeOrderLineItems.last?.id ?? ProcoreDatasetGenerator.changeOrderLineBase
        let lineStart = dataset.changeOrderLineItems.count
        for l in 0..<creations.int(1...3) {
            lineID += 1
            let amount = Int64(creations.int(50_000...1_500_000))
            dataset.changeOrderLineItems.append(PLineItem(
                id: lineID, holder: Int32(index), costCode: codes.isEmpty ? -1 : creations.pick(codes),
                type: UInt8(creations.below(5)), quantity: 1, unitCostCents: amount, amount: amount, position: Int16(l + 1),
                description: Int32(creations.below(ProcoreNames.scopes.count * ProcoreNames.things.count)),
                createdAt: now, updatedAt: now))
        }
        var co = PChangeOrder(
            id: (dataset.changeOrders.last?.id ?? ProcoreDatasetGenerator.changeOrderBase) + 1, commitment: Int32(c),
            number: number, status: ProcoreStatus.index("approved", in: ProcoreStatus.changeOrder),
            title: Int32(creations.below(ProcoreNames.changeTitles.count)),
            reason: UInt8(creations.below(ProcoreNames.changeReasons.count)),
            createdAt: now, updatedAt: now, dueDay: now / ProcoreTime.msPerDay + 30, executed: true)
        co.lineItems = Int32(lineStart)..<Int32(dataset.changeOrderLineItems.count)
        co.total = dataset.changeOrderLineItems[lineStart...].reduce(0) { $0 + $1.amount }
        dataset.changeOrders.append(co)
        dataset.addedChangeOrders[Int(cm.project), default: []].append(index)
        dataset.commitments[c].approvedChangeOrders += co.total
        dataset.commitments[c].updatedAt = now
        return co.id
    }

    private func createRequisition(project: Int?, commitment: Int?) -> Int64? {
        let open = (commitment.map { [$0] } ?? openCommitments(project: project)).filter { c in
            dataset.requisitionIndices(commitment: c).last.map { dataset.requisitions[$0].currentBP < 10_000 } ?? true
        }
        guard !open.isEmpty else { return nil }
        let c = creations.pick(open)
        let cm = dataset.commitments[c]
        let last = dataset.requisitionIndices(commitment: c).last.map { dataset.requisitions[$0] }
        let now = nextWriteTime()
        let previous = last?.currentBP ?? 0
        let current = min(10_000, previous + Int32(creations.int(300...1_500)))
        let periodStart = last.map { $0.periodEndDay + 1 } ?? cm.contractDay
        var req = PRequisition(
            id: (dataset.requisitions.last?.id ?? ProcoreDatasetGenerator.requisitionBase) + 1, commitment: Int32(c),
            number: (last?.number ?? 0) + 1, status: ProcoreStatus.index("approved", in: ProcoreStatus.requisition),
            periodStartDay: periodStart, periodEndDay: periodStart + 29, previousBP: previous, currentBP: current,
            createdAt: now, updatedAt: now)
        req.totals = ProcoreDatasetGenerator.requisitionTotals(cm, ds: dataset, previousBP: previous, currentBP: current, asOf: now)
        dataset.addedRequisitions[Int(cm.project), default: []].append(dataset.requisitions.count)
        dataset.requisitions.append(req)
        dataset.commitments[c].requisitioned = req.totals.completedToDate
        return req.id
    }

    private func createPaymentApplication(project: Int?) -> Int64? {
        let approvedPrime = ProcoreStatus.index("Approved", in: ProcoreStatus.prime)
        let candidates = (project.map { [$0] } ?? Array(dataset.projects.indices)).filter { p in
            !dataset.projects[p].forbidden && dataset.primeContracts[p].status == approvedPrime
                && (dataset.paymentApplicationIndices(project: p).last.map { dataset.paymentApplications[$0].currentBP < 10_000 } ?? true)
        }
        guard !candidates.isEmpty else { return nil }
        let p = creations.pick(candidates)
        let prime = dataset.primeContracts[p]
        let last = dataset.paymentApplicationIndices(project: p).last.map { dataset.paymentApplications[$0] }
        let now = nextWriteTime()
        let previous = last?.currentBP ?? 0
        let current = min(10_000, previous + Int32(creations.int(200...1_200)))
        let periodStart = last.map { $0.periodEndDay + 1 } ?? dataset.projects[p].startDay
        var pa = PPaymentApplication(
            id: (dataset.paymentApplications.last?.id ?? ProcoreDatasetGenerator.payAppBase) + 1, prime: Int32(p), project: Int32(p),
            number: (last?.number ?? 0) + 1, status: ProcoreStatus.index("approved", in: ProcoreStatus.paymentApplication),
            periodStartDay: periodStart, periodEndDay: periodStart + 29, previousBP: previous, currentBP: current,
            createdAt: now, updatedAt: now)
        pa.totals = ProcoreDatasetGenerator.payApplicationTotals(prime, previousBP: previous, currentBP: current)
        dataset.addedPaymentApplications[p, default: []].append(dataset.paymentApplications.count)
        dataset.paymentApplications.append(pa)
        return pa.id
    }

    private func createContractPayment(project: Int?) -> Int64? {
        let approved = Set(["approved", "approved_as_noted"].map { ProcoreStatus.index($0, in: ProcoreStatus.requisition) })
        let projects = (project.map { [$0] } ?? Array(dataset.projects.indices)).filter { !dataset.projects[$0].forbidden }
        var paid = Set<Int32>()
        for p in projects { for k in dataset.paymentIndices(project: p) { paid.insert(dataset.payments[k].requisition) } }
        let unpaid = projects.flatMap { dataset.requisitionIndices(project: $0) }.filter {
            let r = dataset.requisitions[$0]
            return approved.contains(r.status) && r.totals.currentPaymentDue > 0 && !paid.contains(Int32($0))
                && !dataset.commitments[Int(r.commitment)].deleted
        }
        guard !unpaid.isEmpty else { return nil }
        let r = creations.pick(unpaid)
        let req = dataset.requisitions[r]
        let c = Int(req.commitment)
        let p = Int(dataset.commitments[c].project)
        let now = nextWriteTime()
        let number = (dataset.paymentIndices(project: p).map { dataset.payments[$0].paymentNumber }.max() ?? 0) + 1
        let index = dataset.payments.count
        dataset.payments.append(PContractPayment(
            id: (dataset.payments.last?.id ?? ProcoreDatasetGenerator.paymentBase) + 1, project: Int32(p), commitment: Int32(c),
            requisition: Int32(r), paymentNumber: number, amount: req.totals.currentPaymentDue, day: now / ProcoreTime.msPerDay,
            checkNumber: 20_000 + number, createdAt: now, updatedAt: now))
        dataset.addedPayments[p, default: []].append(index)
        dataset.commitments[c].paid += req.totals.currentPaymentDue
        return dataset.payments[index].id
    }

    private func createVendor() -> Int64? {
        let n = dataset.vendors.count
        let base = ProcoreNames.vendors[n % ProcoreNames.vendors.count]
        let name = "\(base) (\(n / ProcoreNames.vendors.count + 1))"
        let city = creations.pick(ProcoreNames.cities)
        let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }.prefix(6)
        let now = nextWriteTime()
        dataset.vendors.append(PVendor(
            id: (dataset.vendors.last?.id ?? ProcoreDatasetGenerator.vendorBase) + 1, name: name,
            abbreviatedName: String(String.UnicodeScalarView(letters)).uppercased(), tradeName: nil,
            address: "\(creations.int(10...9800)) \(creations.pick(ProcoreNames.streets))",
            city: city.city, stateCode: city.state, zip: city.zip,
            phone: "(\(creations.int(201...989))) 555-0\(creations.int(100...199))", email: "ap\(n)@vendor\(n).example.com",
            isActive: true, originID: nil, originCode: nil, licenseNumber: nil, unionMember: false, createdAt: now, updatedAt: now))
        return dataset.vendors[n].id
    }
}
