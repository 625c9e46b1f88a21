/// Builds a ``ProcoreDataset`` from a seed. Each project draws from its own sub-stream, so a
/// project's data does not depend on how many projects come before or after it.
struct ProcoreDatasetGenerator {
    let seed: UInt64
    let projectCount: Int
    let recordsPerProject: Int
    let forbidProjects: Int
    let companyID: Int64

    /// Generated history ends here (2026-11-01T00:00:00Z); touches move records past it.
    static let historyEnd: Int64 = ProcoreTime.days(year: 2026, month: 11, day: 1) * ProcoreTime.msPerDay
    static let historyStartDay: Int64 = ProcoreTime.days(year: 2025, month: 1, day: 6)

    // id bases; every project gets its own block of `block` ids per resource
    static let block: Int64 = 10_000_000
    static let projectBase: Int64 = 562_949_953_421_312
    static let vendorBase: Int64 = 2_700_000
    static let costCodeBase: Int64 = 98_000_000
    static let lineItemTypeBase: Int64 = 108_400
    static let commitmentBase: Int64 = 18_000_000
    static let lineItemBase: Int64 = 4_294_967_200      // crosses 2^32 within the first project
    static let changeOrderBase: Int64 = 31_000_000
    static let changeOrderLineBase: Int64 = 6_100_000_000
    static let packageBase: Int64 = 32_000_000
    static let requisitionBase: Int64 = 5_000_000_000
    static let primeBase: Int64 = 41_000_000
    static let payAppBase: Int64 = 42_000_000
    static let paymentBase: Int64 = 43_000_000
    static let directCostBase: Int64 = 562_949_954_000_000

    func generate() -> ProcoreDataset {
        var ds = ProcoreDataset(company: PCompany(id: companyID, name: "Meridian & Lowe Builders, Inc."))
        var root = SplitMix64(seed: seed)
        ds.lineItemTypes = ProcoreNames.lineItemTypes.enumerated().map { i, t in
            PLineItemType(id: Self.lineItemTypeBase + Int64(i) * 3, name: t.name, code: t.code, baseType: t.baseType)
        }
        makeVendors(&ds, &root)
        for p in 0..<projectCount {
            var rng = SplitMix64(seed: SplitMix64.mix(seed, UInt64(p) &+ 1))
            makeProject(p, &ds, &rng)
        }
        Self.makeBudgets(&ds, seed: seed)
        return ds
    }

    private func time(_ rng: inout SplitMix64, day: Int64) -> Int64 {
        min(day * ProcoreTime.msPerDay + rng.int64(25_200_000...79_200_000), Self.historyEnd - 1)
    }

    private func later(_ rng: inout SplitMix64, _ ms: Int64, maxDays: Int) -> Int64 {
        if rng.chance(35) { return ms }
        return min(ms + rng.int64(60_000...(Int64(maxDays) * ProcoreTime.msPerDay)), Self.historyEnd - 1)
    }

    private func makeVendors(_ ds: inout ProcoreDataset, _ rng: inout SplitMix64) {
        let count = max(20, (projectCount + 3) / 4)
        var id = Self.vendorBase
        for i in 0..<count {
            id += Int64(rng.int(1...9))
            let base = ProcoreNames.vendors[i % ProcoreNames.vendors.count]
            let name = i < ProcoreNames.vendors.count ? base : "\(base) (\(i / ProcoreNames.vendors.count + 1))"
            let city = rng.pick(ProcoreNames.cities)
            let createdDay = Self.historyStartDay - Int64(rng.int(30...900))
            let created = time(&rng, day: createdDay)
            let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }.prefix(6)
            let abbreviated = String(String.UnicodeScalarView(letters)).uppercased()
            let synced = rng.chance(50)
            ds.vendors.append(PVendor(
                id: id, name: name, abbreviatedName: abbreviated,
                tradeName: rng.chance(20) ? "DBA \(name.trimmingSpaces)" : nil,
                address: "\(rng.int(10...9800)) \(rng.pick(ProcoreNames.streets))",
                city: city.city, stateCode: city.state, zip: city.zip,
                phone: "(\(rng.int(201...989))) 555-0\(rng.int(100...199))",
                email: "ap\(i)@vendor\(i).example.com",
                isActive: i % 13 != 12,
                originID: synced ? "V\(String(10_000 + i))" : nil,
                originCode: synced ? String(10_000 + i) : nil,
                licenseNumber: rng.chance(60) ? "LIC-\(rng.int(100_000...999_999))" : nil,
                unionMember: rng.chance(30),
                createdAt: created, updatedAt: later(&rng, created, maxDays: 600)))
        }
    }

    private func makeProject(_ p: Int, _ ds: inout ProcoreDataset, _ rng: inout SplitMix64) {
        let r = max(20, recordsPerProject)
        let pb = Int64(p) * Self.block
        let city = ProcoreNames.cities[(p + rng.below(3)) % ProcoreNames.cities.count]
        let createdDay = Self.historyStartDay + Int64(rng.int(0...260))
        let created = time(&rng, day: createdDay)
        let startDay = createdDay + Int64(rng.int(7...60))
        let projectID = Self.projectBase + Int64(p) * 1_031
        let kind = ProcoreNames.projectKinds[(p * 5 + rng.below(4)) % ProcoreNames.projectKinds.count]
        ds.projects.append(PProject(
            id: projectID, name: "\(city.city) \(kind)", number: "\(24 + p / 100)-\(String(1000 + p))",
            address: "\(rng.int(100...9999)) \(rng.pick(ProcoreNames.streets))", city: city.city,
            stateCode: city.state, zip: city.zip, timeZone: city.timeZone, ownerName: rng.pick(ProcoreNames.owners),
            createdAt: created, updatedAt: later(&rng, created, maxDays: 300),
            startDay: startDay, completionDay: startDay + Int64(rng.int(300...700)),
            estimatedBudgetCents: Int64(rng.int(2_000...60_000)) * 100_000,
            latitudeMicro: city.lat + Int64(rng.int(-20_000...20_000)),
            longitudeMicro: city.lon + Int64(rng.int(-20_000...20_000)),
            active: p % 17 != 16, forbidden: p >= projectCount - forbidProjects,
            workScope: UInt8(rng.below(3))))

        // cost codes: a sorted subset of the catalog
        let codeCount = min(ProcoreNames.costCodes.count, max(8, r / 12))
        var catalog = Array(0..<ProcoreNames.costCodes.count)
        for i in stride(from: catalog.count - 1, to: 0, by: -1) { catalog.swapAt(i, rng.below(i + 1)) }
        let chosen = catalog.prefix(codeCount).sorted()
        let ccStart = ds.costCodes.count
        var ccID = Self.costCodeBase + pb
        for (pos, c) in chosen.enumerated() {
            ccID += Int64(rng.int(1...5))
            let t = created + Int64(pos) * 1000
            ds.costCodes.append(PCostCode(id: ccID, project: Int32(p), catalog: Int16(c), position: Int16(pos + 1),
                                          createdAt: t, updatedAt: later(&rng, t, maxDays: 200)))
        }
        ds.costCodeRanges.append(ccStart..<ds.costCodes.count)

        let commitmentCount = max(2, r / 20)
        let perCommitmentCOs = max(1, r * 12 / 100 / commitmentCount)
        let perCommitmentReqs = max(1, r * 30 / 100 / commitmentCount)
        var ids = (commitment: Self.commitmentBase + pb, line: Self.lineItemBase + pb,
                   co: Self.changeOrderBase + pb, coLine: Self.changeOrderLineBase + pb,
                   req: Self.requisitionBase + pb, pay: Self.paymentBase + pb)
        let cStart = ds.commitments.count, coStart = ds.changeOrders.count
        let reqStart = ds.requisitions.count, payStart = ds.payments.count
        var paymentNumber: Int32 = 0
        // Check numbers: a series per project, except that from the third project on, pairs of
        // projects draw on one series (one bank account, numbered by hand), so check numbers
        // repeat across projects as a company grows.
        let checkSeries = p >= 2 ? p - p % 2 : p
        for c in 0..<commitmentCount {
            let isPO = c % 5 == 1 || c % 5 == 3
            let deleted = commitmentCount >= 4 && c == commitmentCount - 1
            let statuses = isPO ? ProcoreStatus.purchaseOrder : ProcoreStatus.workOrder
            var status: String
            if deleted { status = "Draft" }
            else if rng.chance(78) { status = "Approved" }
            else { status = isPO ? rng.pick(["Draft", "Submitted", "Processing", "Received", "Closed"])
                                 : rng.pick(["Draft", "Out For Signature", "Complete", "Terminated"]) }
            let billable = !deleted && ["Approved", "Complete", "Received", "Partially Received", "Closed"].contains(status)
            let contractDay = startDay + Int64(rng.int(0...120))
            let cCreated = time(&rng, day: contractDay - Int64(rng.int(1...10)))
            ids.commitment += Int64(rng.int(1...7))
            let retainage: Int32 = isPO ? (rng.chance(70) ? 0 : 1000) : (rng.chance(70) ? 1000 : (rng.chance(66) ? 500 : 0))
            var cm = PCommitment(
                id: ids.commitment, project: Int32(p), isPurchaseOrder: isPO, number: Int32(c + 1),
                vendor: Int32(rng.below(ds.vendors.count)), status: ProcoreStatus.index(status, in: statuses),
                retainageBP: retainage, title: Int32(rng.below(ProcoreNames.commitmentTitles.count)),
                createdAt: cCreated, updatedAt: cCreated, deleted: deleted, contractDay: contractDay,
                executed: billable && rng.chance(80))
            let ci = ds.commitments.count

            // schedule of values
            let liStart = ds.lineItems.count
            let lineCount = rng.int(2...6)
            let codes = ds.costCodeRanges[p]
            for l in 0..<lineCount {
                ids.line += Int64(rng.int(1...9))
                var quantity: Int64 = 1, unit: Int64
                if isPO && rng.chance(50) {
                    quantity = Int64(rng.int(1...400))
                    unit = Int64(rng.int(500...90_000))
                } else {
                    unit = Int64(rng.int(500...250_000)) * (rng.chance(60) ? 100 : 1)
                }
                var costCode = Int32(codes.lowerBound + rng.below(codes.count))
                var description = Int32(rng.below(ProcoreNames.scopes.count * ProcoreNames.things.count))
                if c == 0 && l == lineCount - 1 { costCode = -1 }                 // no cost code
                if c == 2 && l == 0 { quantity = 1; unit = 0; description = -1 }  // zero allowance
                if c == 2 && l == lineCount - 1 { quantity = 1; unit = -Int64(rng.int(100...5_000)) * 100; description = -2 } // credit
                let type: UInt8 = isPO ? (rng.chance(70) ? 1 : 3) : (rng.chance(80) ? 2 : 0)
                ds.lineItems.append(PLineItem(
                    id: ids.line, holder: Int32(ci), costCode: costCode, type: type, quantity: quantity,
                    unitCostCents: unit, amount: quantity * unit, position: Int16(l + 1), description: description,
                    createdAt: cCreated + Int64(l + 1) * 1000, updatedAt: cCreated + Int64(l + 1) * 1000))
            }
            cm.lineItems = Int32(liStart)..<Int32(ds.lineItems.count)
            cm.grandTotal = ds.lineItems[liStart...].reduce(0) { $0 + $1.amount }

            // change orders
            let cosStart = ds.changeOrders.count
            if !deleted {
                let coCount = billable ? rng.int(0...(2 * perCommitmentCOs)) : 0
                for n in 0..<coCount {
                    ids.co += Int64(rng.int(1...7))
                    let due = contractDay + Int64(rng.int(20...400))
                    let coCreated = time(&rng, day: min(due - 10, Self.historyEnd / ProcoreTime.msPerDay - 2))
                    let roll = rng.below(100)
                    let st = roll < 60 ? "approved" : roll < 78 ? "pending" : roll < 88 ? "draft" : roll < 94 ? "rejected" : "void"
                    var co = PChangeOrder(
                        id: ids.co, commitment: Int32(ci), number: Int32(n + 1),
                        status: ProcoreStatus.index(st, in: ProcoreStatus.changeOrder),
                        title: Int32(rng.below(ProcoreNames.changeTitles.count)),
                        reason: UInt8(rng.below(ProcoreNames.changeReasons.count)),
                        createdAt: coCreated, updatedAt: later(&rng, coCreated, maxDays: 40),
                        dueDay: due, executed: st == "approved" && rng.chance(70))
                    let credit = rng.chance(25)
                    let lStart = ds.changeOrderLineItems.count
                    for l in 0..<rng.int(1...3) {
                        ids.coLine += Int64(rng.int(1...9))
                        var amount = Int64(rng.int(20_000...2_500_000))
                        if credit { amount = -amount }
                        ds.changeOrderLineItems.append(PLineItem(
                            id: ids.coLine, holder: Int32(ds.changeOrders.count),
                            costCode: Int32(codes.lowerBound + rng.below(codes.count)), type: UInt8(rng.below(5)),
                            quantity: 1, unitCostCents: amount, amount: amount, position: Int16(l + 1),
                            description: Int32(rng.below(ProcoreNames.scopes.count * ProcoreNames.things.count)),
                            createdAt: coCreated, updatedAt: coCreated))
                    }
                    co.lineItems = Int32(lStart)..<Int32(ds.changeOrderLineItems.count)
                    co.total = ds.changeOrderLineItems[lStart...].reduce(0) { $0 + $1.amount }
                    switch st {
                    case "approved": cm.approvedChangeOrders += co.total
                    case "pending": cm.pendingChangeOrders += co.total
                    case "draft": cm.draftChangeOrders += co.total
                    default: break
                    }
                    ds.changeOrders.append(co)
                }
            }
            cm.changeOrders = Int32(cosStart)..<Int32(ds.changeOrders.count)

            // requisitions (monthly progress billing) and the payments of approved ones
            let rStart = ds.requisitions.count
            if billable {
                let count = rng.int(max(1, perCommitmentReqs / 2)...(perCommitmentReqs * 3 / 2 + 1))
                var cumulative: Int32 = 0
                for k in 0..<count {
                    let periodStart = contractDay + Int64(k) * 30
                    let periodEnd = periodStart + 29
                    if (periodEnd + 5) * ProcoreTime.msPerDay >= Self.historyEnd { break }
                    let remaining = 10_000 - cumulative
                    let step = k == count - 1 && rng.chance(30) ? remaining
                        : Int32(min(Int(remaining), rng.int(300...max(300, Int(10_000 / Int32(count)) * 2))))
                    let previous = cumulative
                    cumulative += step
                    let last = k == count - 1
                    let st = !last ? (rng.chance(92) ? "approved" : "approved_as_noted")
                        : rng.pick(["approved", "approved", "under_review", "draft", "revise_and_resubmit", "pending_owner_approval"])
                    ids.req += Int64(rng.int(1...9))
                    let rCreated = time(&rng, day: periodEnd + Int64(rng.int(1...4)))
                    var req = PRequisition(
                        id: ids.req, commitment: Int32(ci), number: Int32(k + 1),
                        status: ProcoreStatus.index(st, in: ProcoreStatus.requisition),
                        periodStartDay: periodStart, periodEndDay: periodEnd, previousBP: previous, currentBP: cumulative,
                        createdAt: rCreated, updatedAt: later(&rng, rCreated, maxDays: 25))
                    req.totals = Self.requisitionTotals(cm, ds: ds, previousBP: previous, currentBP: cumulative)
                    ds.requisitions.append(req)
                    cm.requisitioned = req.totals.completedToDate
                    if (st == "approved" || st == "approved_as_noted") && req.totals.currentPaymentDue != 0 && rng.chance(65) {
                        let payDay = periodEnd + Int64(rng.int(20...45))
                        guard payDay * ProcoreTime.msPerDay < Self.historyEnd else { continue }
                        ids.pay += Int64(rng.int(1...9))
                        paymentNumber += 1
                        let payCreated = time(&rng, day: payDay)
                        ds.payments.append(PContractPayment(
                            id: ids.pay, project: Int32(p), commitment: Int32(ci), requisition: Int32(ds.requisitions.count - 1),
                            paymentNumber: paymentNumber, amount: req.totals.currentPaymentDue, day: payDay,
                            checkNumber: Int32(10_000 + checkSeries * 1000) + paymentNumber, createdAt: payCreated, updatedAt: payCreated))
                        cm.paid += req.totals.currentPaymentDue
                    }
                }
            }
            cm.requisitions = Int32(rStart)..<Int32(ds.requisitions.count)
            cm.updatedAt = max(cm.createdAt, later(&rng, cm.createdAt, maxDays: 200))
            ds.commitments.append(cm)
        }
        ds.commitmentRanges.append(cStart..<ds.commitments.count)
        ds.changeOrderRanges.append(coStart..<ds.changeOrders.count)
        ds.requisitionRanges.append(reqStart..<ds.requisitions.count)
        ds.paymentRanges.append(payStart..<ds.payments.count)

        // change order packages
        let pkStart = ds.packages.count
        var pkID = Self.packageBase + pb
        let liveCommitments = ds.commitmentRanges[p].filter { !ds.commitments[$0].deleted }
        for n in 0..<max(1, r * 4 / 100) where !liveCommitments.isEmpty {
            pkID += Int64(rng.int(1...7))
            let c = rng.pick(liveCommitments)
            let due = ds.commitments[c].contractDay + Int64(rng.int(20...300))
            let t = time(&rng, day: min(due - 5, Self.historyEnd / ProcoreTime.msPerDay - 2))
            ds.packages.append(PChangeOrderPackage(
                id: pkID, commitment: Int32(c), number: Int32(n + 1),
                status: UInt8(rng.below(ProcoreStatus.package.count)),
                title: Int32(rng.below(ProcoreNames.changeTitles.count)),
                total: Int64(rng.int(-500_000...4_000_000)), createdAt: t, updatedAt: later(&rng, t, maxDays: 30),
                dueDay: due, deleted: rng.chance(6)))
        }
        ds.packageRanges.append(pkStart..<ds.packages.count)

        // prime contract and owner payment applications
        let costTotal = ds.commitments[ds.commitmentRanges[p]].reduce(Int64(0)) { $0 + $1.grandTotal }
        let primeTotal = (costTotal * 112 / 100 / 100 + 1) * 100
        let primeCreated = time(&rng, day: startDay - 5)
        let primeIndex = ds.primeContracts.count
        ds.primeContracts.append(PPrimeContract(
            id: Self.primeBase + pb + Int64(rng.int(1...9)), project: Int32(p), number: 1,
            status: ProcoreStatus.index("Approved", in: ProcoreStatus.prime), retainageBP: rng.chance(50) ? 500 : 1000,
            total: primeTotal, createdAt: primeCreated, updatedAt: later(&rng, primeCreated, maxDays: 100),
            contractDay: startDay - 5))
        let paStart = ds.paymentApplications.count
        var paID = Self.payAppBase + pb
        let paCount = max(1, r * 4 / 100)
        var cumulative: Int32 = 0
        for k in 0..<paCount {
            let periodStart = startDay + Int64(k) * 30
            let periodEnd = periodStart + 29
            if (periodEnd + 3) * ProcoreTime.msPerDay >= Self.historyEnd { break }
            let previous = cumulative
            cumulative = min(10_000, cumulative + Int32(rng.int(200...max(200, 20_000 / paCount))))
            paID += Int64(rng.int(1...7))
            let day = periodEnd + Int64(rng.int(1...3))
            let prime = ds.primeContracts[primeIndex]
            let st = k == paCount - 1 ? rng.pick(ProcoreStatus.paymentApplication) : "approved"
            var pa = PPaymentApplication(
                id: paID, prime: Int32(primeIndex), project: Int32(p), number: Int32(k + 1),
                status: ProcoreStatus.index(st, in: ProcoreStatus.paymentApplication),
                periodStartDay: periodStart, periodEndDay: periodEnd, previousBP: previous, currentBP: cumulative,
                createdAt: day * ProcoreTime.msPerDay, updatedAt: (day + Int64(rng.int(0...10))) * ProcoreTime.msPerDay)
            pa.updatedAt = min(pa.updatedAt, Self.historyEnd / ProcoreTime.msPerDay * ProcoreTime.msPerDay - ProcoreTime.msPerDay)
            pa.totals = Self.payApplicationTotals(prime, previousBP: previous, currentBP: cumulative)
            ds.paymentApplications.append(pa)
        }
        ds.paymentApplicationRanges.append(paStart..<ds.paymentApplications.count)

        // direct costs
        let dcStart = ds.directCosts.count
        var dcID = Self.directCostBase + pb
        let dcCount = max(2, r / 10)
        for n in 0..<dcCount {
            dcID += Int64(rng.int(1...9))
            let day = startDay + Int64(rng.int(0...400))
            guard day * ProcoreTime.msPerDay < Self.historyEnd - ProcoreTime.msPerDay else { continue }
            let t = time(&rng, day: day)
            let credit = n == 1
            var amount = Int64(rng.int(5_000...800_000))
            if credit { amount = -amount }
            let typeRoll = rng.below(10)
            ds.directCosts.append(PDirectCost(
                id: dcID, project: Int32(p), vendor: Int32(rng.below(ds.vendors.count)),
                type: typeRoll < 6 ? 0 : typeRoll < 9 ? 1 : 2,
                status: rng.chance(80) ? 3 : UInt8(rng.below(3)), amount: amount, day: day,
                invoice: Int32(rng.int(1000...99_999)),
                description: credit ? Int32(ProcoreNames.directCostDescriptions.count - 1)
                    : Int32(rng.below(ProcoreNames.directCostDescriptions.count - 1)),
                createdAt: t, updatedAt: later(&rng, t, maxDays: 20), deleted: n > 1 && rng.chance(5)))
        }
        ds.directCostRanges.append(dcStart..<ds.directCosts.count)
    }

    /// Money of a requisition: every contract line and every approved change order line is
    /// billed to the same cumulative completion, retainage kept line by line.
    /// Money of an owner payment application billing the prime contract from `previousBP` to
    /// `currentBP` complete.
    static func payApplicationTotals(_ prime: PPrimeContract, previousBP: Int32, currentBP: Int32) -> PBillingTotals {
        var t = PBillingTotals()
        t.scheduled = prime.total
        t.completedToDate = ProcoreMoney.apply(prime.total, basisPoints: Int64(currentBP))
        t.completedPrevious = ProcoreMoney.apply(prime.total, basisPoints: Int64(previousBP))
        t.retainageToDate = ProcoreMoney.apply(t.completedToDate, basisPoints: Int64(prime.retainageBP))
        t.retainagePrevious = ProcoreMoney.apply(t.completedPrevious, basisPoints: Int64(prime.retainageBP))
        return t
    }

    static func requisitionTotals(_ c: PCommitment, ds: ProcoreDataset, previousBP: Int32, currentBP: Int32,
                                  asOf: Int64 = .max) -> PBillingTotals {
        var t = PBillingTotals()
        for line in requisitionLines(c, ds: ds, asOf: asOf) {
            let b = billing(line.amount, retainageBP: c.retainageBP, previousBP: previousBP, currentBP: currentBP)
            if line.isChangeOrder {
                t.changeOrders += line.amount
                if line.amount >= 0 { t.positiveChangeOrders += line.amount } else { t.negativeChangeOrders += line.amount }
            } else {
                t.scheduled += line.amount
            }
            t.completedToDate += b.toDate
            t.completedPrevious += b.previous
            t.retainageToDate += b.retainageToDate
            t.retainagePrevious += b.retainagePrevious
        }
        return t
    }

    /// The lines a requisition bills: the commitment's schedule of values, then the lines of
    /// its approved change orders; of those created after generation, only the ones that
    /// existed at `asOf` (a requisition does not bill a change order approved after it).
    static func requisitionLines(_ c: PCommitment, ds: ProcoreDataset, asOf: Int64 = .max)
        -> [(line: PLineItem, amount: Int64, isChangeOrder: Bool, changeOrder: Int32)] {
        var out: [(line: PLineItem, amount: Int64, isChangeOrder: Bool, changeOrder: Int32)] = []
        for i in c.lineItems { let l = ds.lineItems[Int(i)]; out.append((l, l.amount, false, -1)) }
        let approved = ProcoreStatus.index("approved", in: ProcoreStatus.changeOrder)
        let created = (ds.addedChangeOrders[Int(c.project)] ?? []).filter {
            ds.commitments[Int(ds.changeOrders[$0].commitment)].id == c.id && ds.changeOrders[$0].createdAt <= asOf
        }
        for co in c.changeOrders.map(Int.init) + created where ds.changeOrders[co].status == approved {
            for i in ds.changeOrders[co].lineItems {
                let l = ds.changeOrderLineItems[Int(i)]
                out.append((l, l.amount, true, Int32(co)))
            }
        }
        return out
    }

    /// Billing of one line at a cumulative completion, in cents.
    static func billing(_ amount: Int64, retainageBP: Int32, previousBP: Int32, currentBP: Int32)
        -> (toDate: Int64, previous: Int64, retainageToDate: Int64, retainagePrevious: Int64) {
        let toDate = ProcoreMoney.apply(amount, basisPoints: Int64(currentBP))
        let previous = ProcoreMoney.apply(amount, basisPoints: Int64(previousBP))
        return (toDate, previous,
                ProcoreMoney.apply(toDate, basisPoints: Int64(retainageBP)),
                ProcoreMoney.apply(previous, basisPoints: Int64(retainageBP)))
    }
}
