/// The `/rest` endpoints: routing, scoping checks, filters, sorting and pagination.
///
/// Where the sandbox is more lenient than the spec, so that clients coded from the docs work:
/// - `contract_payments` lists every payment of the project when `contract_id` (required by
///   the spec) is absent; with it, only that commitment's payments.
/// - Unknown query parameters and filters a resource does not have are ignored, as Procore does.
/// Not paginated, as in the spec: `commitment_change_orders` and `requisitions/{id}/detail`
/// (no `Link`, `Total` or `Per-Page`). The requisitions list fills `items` only with
/// `view=items` or `view=extended`; a single requisition always carries them.
struct ProcoreAPI {
    let ds: ProcoreDataset
    let baseURL: String
    let path: String
    let query: ProcoreQuery

    typealias Handler = @Sendable (ProcoreAPI) throws -> ProcoreAnswer

    /// Matches a GET path; returns the endpoint template (for statistics) and its handler.
    static func route(_ path: String) -> (template: String, handler: Handler)? {
        let s = path.split(separator: "/").map(String.init)
        guard s.count >= 3, s[0] == "rest" else { return nil }
        let v = s[1]
        let rest = Array(s.dropFirst(2))
        func id(_ i: Int) -> Int64? { i < rest.count ? Int64(rest[i]) : nil }
        let t = "GET /rest/\(v)/"
        switch (v, rest.count, rest.first ?? "") {
        case ("v1.0", 1, "companies"): return (t + "companies", { try $0.companies() })
        case ("v1.0", 1, "me"): return (t + "me", { $0.me() })
        case ("v1.0", 1, "projects"), ("v1.1", 1, "projects"): return (t + "projects", { try $0.projects() })
        case ("v1.0", 1, "vendors"): return (t + "vendors", { try $0.vendors(single: nil) })
        case ("v1.0", 1, "cost_codes"): return (t + "cost_codes", { try $0.costCodes(single: nil) })
        case ("v1.0", 1, "line_item_types"): return (t + "line_item_types", { try $0.lineItemTypes(single: nil) })
        case ("v1.0", 1, "purchase_order_contracts"): return (t + "purchase_order_contracts", { try $0.commitments(po: true, single: nil) })
        case ("v1.0", 1, "work_order_contracts"): return (t + "work_order_contracts", { try $0.commitments(po: false, single: nil) })
        case ("v1.0", 1, "requisitions"), ("v1.1", 1, "requisitions"): return (t + "requisitions", { try $0.requisitions(single: nil) })
        case ("v1.0", 1, "change_order_packages"): return (t + "change_order_packages", { try $0.packages(single: nil) })
        case ("v1.0", 1, "prime_contracts"): return (t + "prime_contracts", { try $0.primeContracts(single: nil) })
        case ("v1.0", 1, "payment_applications"): return (t + "payment_applications", { try $0.paymentApplications(single: nil) })
        case ("v1.0", 1, "contract_payments"): return (t + "contract_payments", { try $0.payments(single: nil) })
        default: break
        }
        if rest.count == 2, let rid = id(1) {
            switch (v, rest[0]) {
            case ("v1.0", "vendors"): return (t + "vendors/{id}", { try $0.vendors(single: rid) })
            case ("v1.0", "cost_codes"): return (t + "cost_codes/{id}", { try $0.costCodes(single: rid) })
            case ("v1.0", "line_item_types"): return (t + "line_item_types/{id}", { try $0.lineItemTypes(single: rid) })
            case ("v1.0", "purchase_order_contracts"): return (t + "purchase_order_contracts/{id}", { try $0.commitments(po: true, single: rid) })
            case ("v1.0", "work_order_contracts"): return (t + "work_order_contracts/{id}", { try $0.commitments(po: false, single: rid) })
            case ("v1.0", "requisitions"), ("v1.1", "requisitions"): return (t + "requisitions/{id}", { try $0.requisitions(single: rid) })
            case ("v1.0", "change_order_packages"): return (t + "change_order_packages/{id}", { try $0.packages(single: rid) })
            case ("v1.0", "prime_contracts"): return (t + "prime_contracts/{id}", { try $0.primeContracts(single: rid) })
            case ("v1.0", "payment_applications"): return (t + "payment_applications/{id}", { try $0.paymentApplications(single: rid) })
            case ("v1.0", "contract_payments"): return (t + "contract_payments/{id}", { try $0.payments(single: rid) })
            default: break
            }
        }
        if (rest.count == 3 || rest.count == 4), let pid = id(1) {
            let child = rest.count == 4 ? id(3) : nil
            if rest.count == 4 && child == nil { return nil }
            switch (v, rest[0], rest[2]) {
            case ("v1.0", "purchase_order_contracts", "line_items"):
                return (t + "purchase_order_contracts/{id}/line_items" + (child == nil ? "" : "/{id}"), { try $0.commitmentLines(po: true, commitmentID: pid, single: child) })
            case ("v1.0", "work_order_contracts", "line_items"):
                return (t + "work_order_contracts/{id}/line_items" + (child == nil ? "" : "/{id}"), { try $0.commitmentLines(po: false, commitmentID: pid, single: child) })
            case ("v1.0", "requisitions", "contract_items"):
                return (t + "requisitions/{id}/contract_items" + (child == nil ? "" : "/{id}"), { try $0.requisitionItems(pid, changeOrders: false, single: child) })
            case ("v1.0", "requisitions", "change_order_items"):
                return (t + "requisitions/{id}/change_order_items" + (child == nil ? "" : "/{id}"), { try $0.requisitionItems(pid, changeOrders: true, single: child) })
            case ("v1.0", "requisitions", "detail") where child == nil:
                return (t + "requisitions/{id}/detail", { try $0.requisitionDetail(pid) })
            case ("v1.0", "projects", "commitment_change_orders"):
                return (t + "projects/{project_id}/commitment_change_orders" + (child == nil ? "" : "/{id}"), { try $0.changeOrders(projectID: pid, single: child) })
            case ("v1.0", "projects", "direct_costs"), ("v1.1", "projects", "direct_costs"):
                return (t + "projects/{project_id}/direct_costs" + (child == nil ? "" : "/{id}"), { try $0.directCosts(projectID: pid, single: child) })
            case ("v1.0", "prime_contracts", "payment_applications") where child == nil:
                return (t + "prime_contracts/{id}/payment_applications", { try $0.primePaymentApplications(pid) })
            default: break
            }
        }
        return nil
    }

    // MARK: scoping

    func requiredID(_ name: String) throws -> Int64 {
        guard let text = query.first(name), !text.isEmpty else {
            throw ProcoreRequestError(status: 400, message: "\(name) is missing: this endpoint requires the query parameter \(name)")
        }
        guard let id = Int64(text) else {
            throw ProcoreRequestError(status: 400, message: "\(name) '\(text)' is not an integer id")
        }
        return id
    }

    func company() throws {
        let id = try requiredID("company_id")
        guard id == ds.company.id else {
            throw ProcoreRequestError(status: 403, message: "company_id \(id) is not accessible to this service account")
        }
    }

    /// The project index for `id`, after checking it exists and the account may see it.
    func project(_ id: Int64) throws -> Int {
        guard let p = ds.projectIndex(id: id) else {
            throw ProcoreRequestError(status: 404, message: "Project \(id) not found")
        }
        guard !ds.projects[p].forbidden else {
            throw ProcoreRequestError(status: 403, message: "Access denied: project \(id) is not granted to this service account (check the DMSA's project permissions)")
        }
        return p
    }

    func projectFromQuery() throws -> Int { try project(try requiredID("project_id")) }

    // MARK: list machinery

    struct Access {
        var id: (Int) -> Int64
        var updatedAt: (Int) -> Int64
        var createdAt: (Int) -> Int64
        var deleted: (Int) -> Bool = { _ in false }
        var status: ((Int) -> String)? = nil
        var commitmentID: ((Int) -> Int64)? = nil
        var contractID: ((Int) -> Int64)? = nil
        var vendorID: ((Int) -> Int64)? = nil
        var originID: ((Int) -> String?)? = nil
        var name: ((Int) -> String)? = nil
    }

    func list(_ candidates: some Sequence<Int>, _ a: Access, paginated: Bool = true, defaultPerPage: Int = 100,
              encode: (Int, inout ProcoreJSONWriter) -> Void) throws -> ProcoreAnswer {
        let f = try ProcoreFilters(query)
        var rows: [Int] = []
        for i in candidates {
            switch f.deleted {
            case .hide: if a.deleted(i) { continue }
            case .only: if !a.deleted(i) { continue }
            case .with: break
            }
            if let ids = f.ids, !ids.contains(a.id(i)) { continue }
            if let r = f.updatedAt, !r.contains(a.updatedAt(i)) { continue }
            if let r = f.createdAt, !r.contains(a.createdAt(i)) { continue }
            if let s = f.status, let get = a.status, !s.contains(get(i)) { continue }
            if let s = f.commitmentIDs, let get = a.commitmentID, !s.contains(get(i)) { continue }
            if let s = f.contractIDs, let get = a.contractID, !s.contains(get(i)) { continue }
            if let s = f.vendorIDs, let get = a.vendorID, !s.contains(get(i)) { continue }
            if let o = f.originID, let get = a.originID, get(i) != o { continue }
            rows.append(i)
        }
        switch f.sortKey {
        case "updated_at": rows.sort { (a.updatedAt($0), a.id($0)) < (a.updatedAt($1), a.id($1)) }
        case "created_at": rows.sort { (a.createdAt($0), a.id($0)) < (a.createdAt($1), a.id($1)) }
        case "name", "display_name":
            if let name = a.name { rows.sort { (name($0), a.id($0)) < (name($1), a.id($1)) } }
            else { rows.sort { a.id($0) < a.id($1) } }
        default: rows.sort { a.id($0) < a.id($1) }
        }
        if f.descending { rows.reverse() }

        var headers: [(String, String)] = []
        var page = rows[...]
        if paginated {
            let perPage = min(10_000, Int(query.first("per_page") ?? "").flatMap { $0 > 0 ? $0 : nil } ?? defaultPerPage)
            let pageNumber = Int(query.first("page") ?? "").flatMap { $0 > 0 ? $0 : nil } ?? 1
            let lastPage = max(1, (rows.count + perPage - 1) / perPage)
            let start = min(rows.count, (pageNumber - 1) * perPage)
            page = rows[start..<min(rows.count, start + perPage)]
            headers.append(("Total", String(rows.count)))
            headers.append(("Per-Page", String(perPage)))
            var links: [String] = []
            func link(_ n: Int, _ rel: String) { links.append("<\(baseURL)\(path)?\(query.with(page: n))>; rel=\"\(rel)\"") }
            link(1, "first")
            if pageNumber > 1 { link(min(pageNumber - 1, lastPage), "prev") }
            if pageNumber < lastPage { link(pageNumber + 1, "next") }
            link(lastPage, "last")
            headers.append(("Link", links.joined(separator: ", ")))
        }
        var w = ProcoreJSONWriter(capacity: 512 + page.count * 1024)
        w.beginArray()
        for i in page { encode(i, &w) }
        w.endArray()
        return .json(200, w.bytes, headers: headers)
    }

    func one(_ encode: (inout ProcoreJSONWriter) -> Void) -> ProcoreAnswer {
        var w = ProcoreJSONWriter(capacity: 2048)
        encode(&w)
        return .json(200, w.bytes)
    }

    func notFound(_ what: String, _ id: Int64) -> ProcoreRequestError {
        ProcoreRequestError(status: 404, message: "\(what) \(id) not found")
    }

    var encoder: ProcoreEncoder { ProcoreEncoder(ds: ds) }

    // MARK: endpoints

    func companies() throws -> ProcoreAnswer {
        try list(0..<1, Access(id: { _ in ds.company.id }, updatedAt: { _ in 0 }, createdAt: { _ in 0 })) { _, w in
            encoder.company(into: &w)
        }
    }

    func me() -> ProcoreAnswer {
        one { w in
            w.beginObject(); w.int("id", 7_700_042); w.string("login", "sandbox-client@dmsa.example.com")
            w.string("name", "Sandbox Service Account"); w.endObject()
        }
    }

    func projects() throws -> ProcoreAnswer {
        try company()
        let e = encoder
        var a = Access(id: { ds.projects[$0].id }, updatedAt: { ds.projects[$0].updatedAt }, createdAt: { ds.projects[$0].createdAt })
        a.name = { ds.projects[$0].name }
        // inactive projects are listed only with filters[by_status]=Inactive|All
        let byStatus = query.first("filters[by_status]") ?? "Active"
        let visible = ds.projects.indices.filter { i in
            switch byStatus { case "All": return true; case "Inactive": return !ds.projects[i].active; default: return ds.projects[i].active }
        }
        return try list(visible, a) { i, w in e.project(i, into: &w) }
    }

    func vendors(single: Int64?) throws -> ProcoreAnswer {
        try company()
        let e = encoder
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.vendors, key: { $0.id }) else { throw notFound("Vendor", single) }
            return one { e.vendor(i, into: &$0) }
        }
        var a = Access(id: { ds.vendors[$0].id }, updatedAt: { ds.vendors[$0].updatedAt }, createdAt: { ds.vendors[$0].createdAt })
        a.originID = { ds.vendors[$0].originID }
        a.name = { ds.vendors[$0].name }
        return try list(ds.vendors.indices, a) { i, w in e.vendor(i, into: &w) }
    }

    func lineItemTypes(single: Int64?) throws -> ProcoreAnswer {
        if query.first("project_id") != nil && query.first("company_id") == nil { _ = try projectFromQuery() } else { try company() }
        let e = encoder
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.lineItemTypes, key: { $0.id }) else { throw notFound("Line item type", single) }
            return one { e.lineItemType(i, into: &$0) }
        }
        return try list(ds.lineItemTypes.indices, Access(id: { ds.lineItemTypes[$0].id }, updatedAt: { _ in 0 }, createdAt: { _ in 0 })) { i, w in
            e.lineItemType(i, into: &w)
        }
    }

    func costCodes(single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        let e = encoder
        let range = ds.costCodeRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.costCodes, key: { $0.id }), range.contains(i) else { throw notFound("Cost code", single) }
            return one { e.costCode(i, into: &$0) }
        }
        var a = Access(id: { ds.costCodes[$0].id }, updatedAt: { ds.costCodes[$0].updatedAt }, createdAt: { ds.costCodes[$0].createdAt })
        a.name = { ProcoreNames.costCodes[Int(ds.costCodes[$0].catalog)].code }
        return try list(range, a) { i, w in e.costCode(i, into: &w) }
    }

    func commitmentAccess() -> Access {
        var a = Access(id: { ds.commitments[$0].id }, updatedAt: { ds.commitments[$0].updatedAt },
                       createdAt: { ds.commitments[$0].createdAt }, deleted: { ds.commitments[$0].deleted })
        a.status = { encoder.commitmentStatus(ds.commitments[$0]) }
        a.vendorID = { ds.vendors[Int(ds.commitments[$0].vendor)].id }
        return a
    }

    func commitments(po: Bool, single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        let e = encoder
        let range = ds.commitmentRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.commitments, key: { $0.id }), range.contains(i),
                  ds.commitments[i].isPurchaseOrder == po, !ds.commitments[i].deleted
            else { throw notFound(po ? "Purchase order contract" : "Work order contract", single) }
            return one { w in po ? e.purchaseOrder(i, into: &w) : e.workOrder(i, into: &w) }
        }
        return try list(range.filter { ds.commitments[$0].isPurchaseOrder == po }, commitmentAccess()) { i, w in
            po ? e.purchaseOrder(i, into: &w) : e.workOrder(i, into: &w)
        }
    }

    func commitmentLines(po: Bool, commitmentID: Int64, single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        guard let c = ProcoreDataset.find(commitmentID, in: ds.commitments, key: { $0.id }),
              ds.commitmentRanges[p].contains(c), ds.commitments[c].isPurchaseOrder == po, !ds.commitments[c].deleted
        else { throw notFound(po ? "Purchase order contract" : "Work order contract", commitmentID) }
        let e = encoder
        let lines = ds.commitments[c].lineItems
        let range = Int(lines.lowerBound)..<Int(lines.upperBound)
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.lineItems, key: { $0.id }), range.contains(i) else { throw notFound("Line item", single) }
            return one { e.lineItem(i, changeOrder: false, into: &$0) }
        }
        return try list(range, Access(id: { ds.lineItems[$0].id }, updatedAt: { ds.lineItems[$0].updatedAt },
                                      createdAt: { ds.lineItems[$0].createdAt })) { i, w in
            e.lineItem(i, changeOrder: false, into: &w)
        }
    }

    func requisitionAccess() -> Access {
        var a = Access(id: { ds.requisitions[$0].id }, updatedAt: { ds.requisitions[$0].updatedAt },
                       createdAt: { ds.requisitions[$0].createdAt })
        a.status = { ProcoreStatus.requisition[Int(ds.requisitions[$0].status)] }
        a.commitmentID = { ds.commitments[Int(ds.requisitions[$0].commitment)].id }
        a.contractID = a.commitmentID
        return a
    }

    func requisitions(single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        var e = encoder
        let view = query.first("view") ?? "default"
        e.requisitionItems = view == "items" || view == "extended"
        let range = ds.requisitionRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.requisitions, key: { $0.id }), range.contains(i) else { throw notFound("Requisition", single) }
            e.requisitionItems = true
            return one { e.requisition(i, into: &$0) }
        }
        return try list(range, requisitionAccess(), defaultPerPage: 30) { i, w in e.requisition(i, into: &w) }
    }

    /// The requisition index for `id` within the `project_id` of the query.
    func requisitionIndex(_ id: Int64) throws -> Int {
        let p = try projectFromQuery()
        guard let r = ProcoreDataset.find(id, in: ds.requisitions, key: { $0.id }), ds.requisitionRanges[p].contains(r) else {
            throw notFound("Requisition", id)
        }
        return r
    }

    func requisitionItems(_ requisitionID: Int64, changeOrders: Bool, single: Int64?) throws -> ProcoreAnswer {
        let r = try requisitionIndex(requisitionID)
        let e = encoder
        var rows = e.requisitionItemRows(r).filter { $0.isChangeOrder == changeOrders }
        if let cos = try ProcoreFilters.idSet(query, "filters[change_order_id]"), changeOrders {
            rows = rows.filter { cos.contains(ds.changeOrders[Int($0.changeOrder)].id) }
        }
        if let single {
            guard let row = rows.first(where: { $0.id == single }) else { throw notFound(changeOrders ? "Change order item" : "Contract item", single) }
            return one { w in changeOrders ? e.changeOrderItem(row, into: &w) : e.contractItem(row, into: &w) }
        }
        let created = ds.requisitions[r].createdAt, updated = ds.requisitions[r].updatedAt
        return try list(rows.indices, Access(id: { rows[$0].id }, updatedAt: { _ in updated }, createdAt: { _ in created })) { i, w in
            changeOrders ? e.changeOrderItem(rows[i], into: &w) : e.contractItem(rows[i], into: &w)
        }
    }

    func requisitionDetail(_ requisitionID: Int64) throws -> ProcoreAnswer {
        let r = try requisitionIndex(requisitionID)
        let e = encoder
        let rows = e.requisitionItemRows(r)
        return one { w in
            w.beginArray()
            for row in rows { e.detailItem(row, into: &w) }
            w.endArray()
        }
    }

    func changeOrders(projectID: Int64, single: Int64?) throws -> ProcoreAnswer {
        let p = try project(projectID)
        let e = encoder
        let range = ds.changeOrderRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.changeOrders, key: { $0.id }), range.contains(i) else { throw notFound("Commitment change order", single) }
            return one { e.changeOrder(i, into: &$0) }
        }
        var a = Access(id: { ds.changeOrders[$0].id }, updatedAt: { ds.changeOrders[$0].updatedAt }, createdAt: { ds.changeOrders[$0].createdAt })
        a.status = { ProcoreStatus.changeOrder[Int(ds.changeOrders[$0].status)] }
        a.contractID = { ds.commitments[Int(ds.changeOrders[$0].commitment)].id }
        a.commitmentID = a.contractID
        a.vendorID = { ds.vendors[Int(ds.commitments[Int(ds.changeOrders[$0].commitment)].vendor)].id }
        return try list(range, a, paginated: false) { i, w in e.changeOrder(i, into: &w) }
    }

    func packages(single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        let e = encoder
        let range = ds.packageRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.packages, key: { $0.id }), range.contains(i), !ds.packages[i].deleted else { throw notFound("Change order package", single) }
            return one { e.package(i, into: &$0) }
        }
        var a = Access(id: { ds.packages[$0].id }, updatedAt: { ds.packages[$0].updatedAt },
                       createdAt: { ds.packages[$0].createdAt }, deleted: { ds.packages[$0].deleted })
        a.status = { ProcoreStatus.package[Int(ds.packages[$0].status)] }
        a.contractID = { ds.commitments[Int(ds.packages[$0].commitment)].id }
        return try list(range, a) { i, w in e.package(i, into: &w) }
    }

    func primeContracts(single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        let e = encoder
        if let single {
            guard ds.primeContracts[p].id == single else { throw notFound("Prime contract", single) }
            return one { e.primeContract(p, into: &$0) }
        }
        return try list(p...p, Access(id: { ds.primeContracts[$0].id }, updatedAt: { ds.primeContracts[$0].updatedAt },
                                      createdAt: { ds.primeContracts[$0].createdAt })) { i, w in e.primeContract(i, into: &w) }
    }

    func paymentAccess() -> Access {
        var a = Access(id: { ds.paymentApplications[$0].id }, updatedAt: { ds.paymentApplications[$0].updatedAt },
                       createdAt: { ds.paymentApplications[$0].createdAt })
        a.status = { ProcoreStatus.paymentApplication[Int(ds.paymentApplications[$0].status)] }
        return a
    }

    func paymentApplications(single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        let e = encoder
        let range = ds.paymentApplicationRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.paymentApplications, key: { $0.id }), range.contains(i) else { throw notFound("Payment application", single) }
            return one { e.paymentApplication(i, into: &$0) }
        }
        return try list(range, paymentAccess()) { i, w in e.paymentApplication(i, into: &w) }
    }

    func primePaymentApplications(_ primeID: Int64) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        guard ds.primeContracts[p].id == primeID else { throw notFound("Prime contract", primeID) }
        let e = encoder
        return try list(ds.paymentApplicationRanges[p], paymentAccess()) { i, w in e.paymentApplication(i, into: &w) }
    }

    func payments(single: Int64?) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        let e = encoder
        let range = ds.paymentRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.payments, key: { $0.id }), range.contains(i) else { throw notFound("Contract payment", single) }
            return one { e.payment(i, into: &$0) }
        }
        var a = Access(id: { ds.payments[$0].id }, updatedAt: { ds.payments[$0].updatedAt }, createdAt: { ds.payments[$0].createdAt })
        a.contractID = { ds.commitments[Int(ds.payments[$0].commitment)].id }
        a.commitmentID = a.contractID
        return try list(range, a) { i, w in e.payment(i, into: &w) }
    }

    func directCosts(projectID: Int64, single: Int64?) throws -> ProcoreAnswer {
        let p = try project(projectID)
        let e = encoder
        let range = ds.directCostRanges[p]
        if let single {
            guard let i = ProcoreDataset.find(single, in: ds.directCosts, key: { $0.id }), range.contains(i), !ds.directCosts[i].deleted else { throw notFound("Direct cost", single) }
            return one { e.directCost(i, into: &$0) }
        }
        var a = Access(id: { ds.directCosts[$0].id }, updatedAt: { ds.directCosts[$0].updatedAt },
                       createdAt: { ds.directCosts[$0].createdAt }, deleted: { ds.directCosts[$0].deleted })
        a.status = { ProcoreStatus.directCost[Int(ds.directCosts[$0].status)] }
        a.vendorID = { ds.vendors[Int(ds.directCosts[$0].vendor)].id }
        return try list(range, a) { i, w in e.directCost(i, into: &w) }
    }
}
