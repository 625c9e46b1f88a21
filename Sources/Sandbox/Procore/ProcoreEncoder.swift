/// Writes the JSON of each resource, field for field as Procore's API documents it (see
/// `Tests/SandboxTests/Contract/procore-contract.json`). Money is exact, from cents.
struct ProcoreEncoder {
    let ds: ProcoreDataset
    /// The requisitions list fills `items` only for `view=items|extended`, like Procore's views.
    var requisitionItems = false

    // MARK: company level

    func company(into w: inout ProcoreJSONWriter) {
        w.beginObject()
        w.int("id", ds.company.id)
        w.string("name", ds.company.name)
        w.bool("is_active", true)
        w.null("logo_url")
        w.bool("pcn_business_experience", false)
        w.bool("my_company", true)
        w.endObject()
    }

    func project(_ i: Int, into w: inout ProcoreJSONWriter) {
        let p = ds.projects[i]
        w.beginObject()
        w.int("id", p.id)
        w.string("name", p.name)
        w.bool("is_demo", false)
        w.null("parent_job_id")
        w.null("parent_job")
        w.string("display_name", "\(p.number) - \(p.name)")
        w.string("project_number", p.number)
        w.string("address", p.address)
        w.string("city", p.city)
        w.string("state_code", p.stateCode)
        w.string("country_code", "US")
        w.string("zip", p.zip)
        w.null("county")
        w.string("time_zone", p.timeZone)
        w.raw("latitude", micro(p.latitudeMicro))
        w.raw("longitude", micro(p.longitudeMicro))
        w.string("stage", p.active ? "Course of Construction" : "Closeout")
        w.beginObject("project_stage"); w.int("id", 27_000 + (p.active ? 3 : 5)); w.string("name", p.active ? "Course of Construction" : "Closeout"); w.endObject()
        w.null("project_template")
        w.string("phone", "(555) 010-\(1000 + i % 9000)")
        w.ts("created_at", p.createdAt)
        w.ts("updated_at", p.updatedAt)
        w.bool("active", p.active)
        w.null("origin_id")
        w.null("origin_data")
        w.null("origin_code")
        w.null("owners_project_id")
        w.money("total_value", cents: ds.primeContracts[i].total)
        w.null("store_number")
        w.string("accounting_project_number", "J\(p.number.replacingDash)")
        w.null("designated_market_area")
        w.null("project_region_id")
        w.null("project_bid_type_id")
        w.null("project_owner_type_id")
        w.null("photo_id")
        w.date("start_date", p.startDay)
        w.date("completion_date", p.completionDay)
        w.date("projected_finish_date", p.completionDay + 21)
        w.money("estimated_value", cents: p.estimatedBudgetCents)
        w.null("fax")
        w.string("sector", "Commercial")
        w.string("work_scope", ProcoreStatus.workScope[Int(p.workScope)])
        w.string("delivery_method", "design_bid_build_dbb")
        w.moneyNumber("estimated_budget", cents: p.estimatedBudgetCents)
        w.string("priority", "medium")
        w.beginObject("company"); w.int("id", ds.company.id); w.string("name", ds.company.name); w.endObject()
        w.beginObject("created_by"); w.int("id", 7_700_001); w.string("name", "Dana Whitfield"); w.string("login", "dana.whitfield@example.com"); w.endObject()
        w.emptyObject("custom_fields")
        w.null("project_sector_id")
        w.endObject()
    }

    func vendor(_ i: Int, into w: inout ProcoreJSONWriter) {
        let v = ds.vendors[i]
        w.beginObject()
        w.int("id", v.id)
        w.string("name", v.name)
        w.string("address", v.address)
        w.string("city", v.city)
        w.string("zip", v.zip)
        w.string("business_phone", v.phone)
        w.null("mobile_phone")
        w.null("fax_number")
        w.string("email_address", v.email)
        w.bool("is_active", v.isActive)
        w.string("state_code", v.stateCode)
        w.bool("authorized_bidder", true)
        w.bool("prequalified", i % 3 == 0)
        w.string("country_code", "US")
        w.string("labor_union", v.unionMember ? "Local 12" : nil)
        w.string("license_number", v.licenseNumber)
        w.null("website")
        w.bool("union_member", v.unionMember)
        w.bool("non_union_prevailing_wage", false)
        w.string("abbreviated_name", v.abbreviatedName)
        w.null("notes")
        w.null("vendor_group_id")
        w.null("parent_id")
        w.null("primary_contact_id")
        w.string("origin_id", v.originID)
        w.string("origin_data", v.originData)
        w.string("origin_code", v.originCode)
        w.string("trade_name", v.tradeName)
        w.beginObject("bidding")
        for key in ["affirmative_action", "small_business", "african_american_business", "hispanic_business",
                    "womens_business", "historically_underutilized_business", "sdvo_business",
                    "certified_business_enterprise", "asian_american_business", "native_american_business",
                    "disadvantaged_business", "minority_business_enterprise", "eight_a_business"] {
            w.bool(key, key == "small_business" && i % 4 == 1)
        }
        w.endObject()
        w.ts("created_at", v.createdAt)
        w.ts("updated_at", v.updatedAt)
        w.string("company", v.name)     // extended view: the vendor's company name
        w.endObject()
    }

    func lineItemType(_ i: Int, into w: inout ProcoreJSONWriter) {
        let t = ds.lineItemTypes[i]
        w.beginObject()
        w.int("id", t.id)
        w.string("name", t.name)
        w.string("code", t.code)
        w.string("base_type", t.baseType)
        w.null("origin_data")
        w.null("origin_id")
        w.endObject()
    }

    func costCode(_ i: Int, into w: inout ProcoreJSONWriter) {
        let c = ds.costCodes[i]
        let cat = ProcoreNames.costCodes[Int(c.catalog)]
        let project = ds.projects[Int(c.project)]
        let division = String(cat.code.prefix(2))
        w.beginObject()
        w.int("id", c.id)
        w.string("biller", project.name)
        w.int("biller_id", project.id)
        w.string("biller_type", "Project")
        w.bool("budgeted", true)
        w.string("code", String(cat.code.dropFirst(3)))
        w.ts("created_at", c.createdAt)
        w.null("deleted_at")
        w.string("full_code", cat.code)
        w.string("name", cat.name)
        w.null("origin_data")
        w.null("origin_id")
        w.beginObject("parent"); w.int("id", 97_000_000 + Int64(division)!); w.endObject()
        w.int("position", Int64(c.position))
        w.string("sortable_code", cat.code.replacingDash)
        w.int("standard_cost_code_id", 96_000_000 + Int64(c.catalog))
        w.int("standard_cost_code_list_id", 95_500_001)
        w.ts("updated_at", c.updatedAt)
        w.beginArray("line_item_types")
        for t in ds.lineItemTypes.indices { lineItemType(t, into: &w) }
        w.endArray()
        w.endObject()
    }

    // MARK: commitments

    func commitmentStatus(_ c: PCommitment) -> String {
        (c.isPurchaseOrder ? ProcoreStatus.purchaseOrder : ProcoreStatus.workOrder)[Int(c.status)]
    }

    /// Projects 0 and 1 number commitments with the project in it ("PO-1000-001"); later ones
    /// the way Procore does by default, per project ("1", "2", …), so a company of more than
    /// two projects repeats commitment numbers across projects, as real ones do.
    func commitmentNumber(_ c: PCommitment) -> String {
        if c.project >= 2 { return String(c.number) }
        return (c.isPurchaseOrder ? "PO-" : "SC-") + String(1000 + Int(c.project) % 1000) + "-" + String(format3(Int(c.number)))
    }

    func commitmentTitle(_ c: PCommitment) -> String {
        ProcoreNames.commitmentTitles[Int(c.title)] + " — " + ds.vendors[Int(c.vendor)].name.trimmingSpaces
    }

    func purchaseOrder(_ i: Int, into w: inout ProcoreJSONWriter) {
        let c = ds.commitments[i]
        let project = ds.projects[Int(c.project)]
        let vendor = ds.vendors[Int(c.vendor)]
        let revised = c.grandTotal + c.approvedChangeOrders
        w.beginObject()
        w.string("accounting_method", accountingMethod(c))
        w.null("approval_letter_date")
        w.money("approved_change_orders", cents: c.approvedChangeOrders)
        w.null("assignee")
        w.string("bill_to_address", "\(project.address), \(project.city), \(project.stateCode) \(project.zip)")
        w.string("billing_schedule_of_values_status", c.executed ? "approved" : "draft")
        w.date("contract_date", c.contractDay)
        w.ts("created_at", c.createdAt)
        w.ts("deleted_at", c.deleted ? c.updatedAt : nil)
        w.date("delivery_date", c.contractDay + 45)
        w.string("description", "<p>\(escapeHTML(commitmentTitle(c)))</p>")
        w.money("draft_change_orders_amount", cents: c.draftChangeOrders)
        w.bool("executed", c.executed)
        w.date("execution_date", c.executed ? c.contractDay + 3 : nil)
        w.money("grand_total", cents: c.grandTotal)
        w.int("id", c.id)
        w.date("issued_on_date", c.contractDay)
        w.null("letter_of_intent_date")
        w.string("number", commitmentNumber(c))
        w.string("origin_code", c.origin.code)
        w.string("origin_data", c.origin.data)
        w.string("origin_id", c.origin.id)
        w.string("payment_terms", "Net 30")
        w.money("pending_change_orders", cents: c.pendingChangeOrders)
        w.money("pending_revised_contract", cents: revised + c.pendingChangeOrders)
        w.string("percentage_paid", percent(c.paid, of: revised))
        w.bool("private", false)
        w.beginObject("project"); w.int("id", project.id); w.string("name", project.name); w.endObject()
        w.money("remaining_balance_outstanding", cents: revised - c.paid)
        w.bool("requisitions_are_enabled", true)
        w.string("retainage_percent", ProcoreMoney.percent(basisPoints: Int64(c.retainageBP)))
        w.null("returned_date")
        w.money("revised_contract", cents: revised)
        w.string("ship_to_address", "\(project.address), \(project.city), \(project.stateCode) \(project.zip)")
        w.string("ship_via", "Ground")
        w.bool("show_line_items_to_non_admins", false)
        w.date("signed_contract_received_date", c.executed ? c.contractDay + 2 : nil)
        w.string("status", commitmentStatus(c))
        w.string("title", commitmentTitle(c))
        w.money("total_draw_requests_amount", cents: c.requisitioned)
        w.money("total_payments", cents: c.paid)
        w.money("total_requisitions_amount", cents: c.requisitioned)
        w.ts("updated_at", c.updatedAt)
        w.beginObject("vendor"); w.int("id", vendor.id); w.string("company", vendor.name); w.endObject()
        currency(into: &w)
        w.endObject()
    }

    func workOrder(_ i: Int, into w: inout ProcoreJSONWriter) {
        let c = ds.commitments[i]
        let project = ds.projects[Int(c.project)]
        let vendor = ds.vendors[Int(c.vendor)]
        let revised = c.grandTotal + c.approvedChangeOrders
        w.beginObject()
        w.string("accounting_method", accountingMethod(c))
        w.date("actual_completion_date", commitmentStatus(c) == "Complete" ? c.contractDay + 240 : nil)
        w.null("approval_letter_date")
        w.money("approved_change_orders", cents: c.approvedChangeOrders)
        w.emptyArray("attachments")
        w.beginArray("change_order_packages")
        for k in ds.packageRanges[Int(c.project)] where ds.packages[k].commitment == Int32(i) && !ds.packages[k].deleted {
            let pk = ds.packages[k]
            w.beginObject()
            w.int("id", pk.id); w.int("contract_id", c.id); w.ts("created_at", pk.createdAt); w.null("deleted_at")
            w.date("due_date", pk.dueDay); w.null("invoiced_date"); w.string("number", String(pk.number))
            w.null("origin_data"); w.null("origin_id"); w.null("paid_date"); w.null("reviewed_at")
            w.string("title", ProcoreNames.changeTitles[Int(pk.title)]); w.string("status", ProcoreStatus.package[Int(pk.status)])
            w.ts("updated_at", pk.updatedAt); currency(into: &w)
            w.endObject()
        }
        w.endArray()
        w.emptyArray("change_order_requests")
        w.date("contract_date", c.contractDay)
        w.date("contract_start_date", c.contractDay + 7)
        w.date("contract_estimated_completion_date", c.contractDay + 240)
        w.ts("created_at", c.createdAt)
        w.int("created_by_id", 7_700_001)
        w.ts("deleted_at", c.deleted ? c.updatedAt : nil)
        w.string("description", "<p>\(escapeHTML(commitmentTitle(c)))</p>")
        w.money("draft_change_orders_amount", cents: c.draftChangeOrders)
        w.string("exclusions", "Permits & bonds by owner")
        w.bool("executed", c.executed)
        w.date("execution_date", c.executed ? c.contractDay + 3 : nil)
        w.money("grand_total", cents: c.grandTotal)
        w.int("id", c.id)
        w.string("inclusions", "Labor, material & equipment per plans and specs")
        w.emptyArray("invoice_contacts")
        w.date("issued_on_date", c.contractDay)
        w.null("letter_of_intent_date")
        w.beginArray("line_items")
        for l in c.lineItems { lineItem(Int(l), changeOrder: false, into: &w) }
        w.endArray()
        w.string("number", commitmentNumber(c))
        w.string("origin_data", c.origin.data)
        w.string("origin_code", c.origin.code)
        w.string("origin_id", c.origin.id)
        w.beginArray("payments_issued")
        for k in ds.paymentIndices(project: Int(c.project)) where ds.payments[k].commitment == Int32(i) {
            let pay = ds.payments[k]
            let f = paymentFields(k)
            w.beginObject()
            w.int("id", pay.id); w.money("amount", cents: pay.amount); w.string("check_number", f.checkNumber)
            w.ts("created_at", pay.createdAt); w.date("date", pay.day)
            w.int("draw_request_number", f.drawRequestNumber)
            w.string("invoice_number", f.invoiceNumber); w.string("notes", f.notes)
            w.int("payment_number", f.paymentNumber); w.emptyArray("attachments")
            w.string("origin_id", f.originID); w.string("origin_data", f.originData); currency(into: &w)
            w.endObject()
        }
        w.endArray()
        w.money("pending_change_orders", cents: c.pendingChangeOrders)
        w.money("pending_revised_contract", cents: revised + c.pendingChangeOrders)
        w.string("percentage_paid", percent(c.paid, of: revised))
        w.emptyArray("potential_change_orders")
        w.bool("private", false)
        w.beginObject("project"); w.int("id", project.id); w.string("name", project.name); w.endObject()
        w.money("remaining_balance_outstanding", cents: revised - c.paid)
        w.bool("requisitions_are_enabled", true)
        w.string("retainage_percent", ProcoreMoney.percent(basisPoints: Int64(c.retainageBP)))
        w.null("returned_date")
        w.money("revised_contract", cents: revised)
        w.date("signed_contract_received_date", c.executed ? c.contractDay + 2 : nil)
        w.bool("show_line_items_to_non_admins", false)
        w.string("status", commitmentStatus(c))
        w.string("title", commitmentTitle(c))
        w.money("total_draw_requests_amount", cents: c.requisitioned)
        w.money("total_payments", cents: c.paid)
        w.money("total_requisitions_amount", cents: c.requisitioned)
        w.ts("updated_at", c.updatedAt)
        w.beginObject("vendor")
        w.int("id", vendor.id); w.string("company", vendor.name); w.null("origin_data"); w.string("origin_id", vendor.originID)
        w.endObject()
        currency(into: &w)
        w.endObject()
    }

    /// A schedule-of-values line (commitment) or a change order line.
    func lineItem(_ i: Int, changeOrder: Bool, into w: inout ProcoreJSONWriter) {
        let l = changeOrder ? ds.changeOrderLineItems[i] : ds.lineItems[i]
        let projectIndex = changeOrder ? ds.commitments[Int(ds.changeOrders[Int(l.holder)].commitment)].project
                                       : ds.commitments[Int(l.holder)].project
        let project = ds.projects[Int(projectIndex)]
        let holderID = changeOrder ? ds.changeOrders[Int(l.holder)].id : ds.commitments[Int(l.holder)].id
        let type = ds.lineItemTypes[Int(l.type)]
        w.beginObject()
        w.int("id", l.id)
        w.money("amount", cents: l.amount)
        w.beginObject("company"); w.int("id", ds.company.id); w.string("name", ds.company.name); w.endObject()
        w.null("wbs_code")
        costCodeRef(l.costCode, into: &w)
        w.ts("created_at", l.createdAt)
        w.string("description", lineDescription(l))
        w.string("extended_type", l.quantity == 1 ? "manual" : "calculated")
        w.beginObject("holder")
        w.int("id", holderID); w.string("holder_type", changeOrder ? "ChangeOrder::CommitmentChangeOrder" : (ds.commitments[Int(l.holder)].isPurchaseOrder ? "PurchaseOrderContract" : "WorkOrderContract"))
        w.endObject()
        w.beginObject("line_item_type")
        w.int("id", type.id); w.string("name", type.name); w.string("code", type.code); w.string("base_type", type.baseType)
        w.null("origin_data"); w.null("origin_id")
        w.endObject()
        w.null("origin_data")
        w.null("origin_id")
        w.int("position", Int64(l.position))
        w.beginObject("project"); w.int("id", project.id); w.string("name", project.name); w.endObject()
        w.money("quantity", cents: l.quantity * 100)
        w.null("tax_code_id")
        w.money("total_amount", cents: l.amount)
        w.money("extended_amount", cents: l.amount)
        w.money("unit_cost", cents: l.unitCostCents)
        w.string("uom", l.quantity == 1 ? "LS" : ProcoreNames.uoms[1 + Int(l.id % Int64(ProcoreNames.uoms.count - 1))])
        w.ts("updated_at", l.updatedAt)
        w.null("change_event_line_item")
        currency(into: &w)
        w.endObject()
    }

    func costCodeRef(_ index: Int32, into w: inout ProcoreJSONWriter) {
        guard index >= 0 else { w.null("cost_code"); return }
        let c = ds.costCodes[Int(index)]
        let cat = ProcoreNames.costCodes[Int(c.catalog)]
        w.beginObject("cost_code")
        w.int("id", c.id); w.string("full_code", cat.code); w.string("name", cat.name); w.string("code", String(cat.code.dropFirst(3)))
        w.endObject()
    }

    func lineDescription(_ l: PLineItem) -> String {
        switch l.description {
        case -1: return "Allowance — owner items, TBD"
        case -2: return "Credit: owner-furnished material"
        default:
            let n = Int(l.description)
            return ProcoreNames.scopes[n % ProcoreNames.scopes.count] + " " + ProcoreNames.things[n / ProcoreNames.scopes.count % ProcoreNames.things.count]
        }
    }

    // MARK: change orders

    func changeOrder(_ i: Int, into w: inout ProcoreJSONWriter) {
        let co = ds.changeOrders[i]
        let c = ds.commitments[Int(co.commitment)]
        let status = ProcoreStatus.changeOrder[Int(co.status)]
        w.beginObject()
        w.int("id", co.id)
        w.int("contract_id", c.id)
        w.null("batch_id")
        w.int("change_order_change_reason_id", 880_000 + Int64(co.reason))
        w.null("location_id")
        w.int("designated_reviewer_id", 7_700_001)
        w.null("received_from_id")
        w.string("description", ProcoreNames.changeTitles[Int(co.title)] + " (" + ProcoreNames.changeReasons[Int(co.reason)] + ")")
        w.date("due_date", co.dueDay)
        w.null("paid_date")
        w.null("invoiced_date")
        w.string("title", ProcoreNames.changeTitles[Int(co.title)])
        w.string("status", status)
        w.null("reference")
        w.string("number", String(format3(Int(co.number))))
        w.int("revision", 0)
        w.bool("field_change", false)
        w.bool("signature_required", co.executed)
        w.date("signed_change_order_received_date", co.executed ? co.dueDay - 3 : nil)
        w.int("schedule_impact_amount", 0)
        w.bool("executed", co.executed)
        w.bool("private", false)
        w.bool("paid", false)
        w.string("reason", ProcoreNames.changeReasons[Int(co.reason)])
        w.bool("enable_ssov", false)
        w.ts("created_at", co.createdAt)
        w.ts("updated_at", co.updatedAt)
        w.null("deleted_at")
        w.money("grand_total", cents: co.total)
        w.beginObject("contract")
        w.int("id", c.id); w.string("number", commitmentNumber(c)); w.string("title", commitmentTitle(c))
        w.string("type", c.isPurchaseOrder ? "PurchaseOrderContract" : "WorkOrderContract")
        w.endObject()
        w.beginObject("vendor"); w.int("id", ds.vendors[Int(c.vendor)].id); w.string("name", ds.vendors[Int(c.vendor)].name); w.endObject()
        w.beginArray("line_items")
        for l in co.lineItems { lineItem(Int(l), changeOrder: true, into: &w) }
        w.endArray()
        w.endObject()
    }

    func package(_ i: Int, into w: inout ProcoreJSONWriter) {
        let pk = ds.packages[i]
        w.beginObject()
        w.int("id", pk.id)
        w.int("contract_id", ds.commitments[Int(pk.commitment)].id)
        w.ts("created_at", pk.createdAt)
        w.int("created_by_id", 7_700_001)
        w.ts("deleted_at", pk.deleted ? pk.updatedAt : nil)
        w.date("due_date", pk.dueDay)
        w.bool("executed", ProcoreStatus.package[Int(pk.status)] == "approved")
        w.null("invoiced_date")
        w.string("number", String(pk.number))
        w.null("origin_code")
        w.null("origin_data")
        w.null("origin_id")
        w.null("paid_date")
        w.null("reviewed_at")
        w.null("signed_change_order_received_date")
        w.string("status", ProcoreStatus.package[Int(pk.status)])
        w.string("title", ProcoreNames.changeTitles[Int(pk.title)])
        w.ts("updated_at", pk.updatedAt)
        w.int("revision", 0)
        w.money("grand_total", cents: pk.total)
        w.beginObject("designated_reviewer"); w.int("id", 7_700_001); w.string("login", "dana.whitfield@example.com"); w.string("name", "Dana Whitfield"); w.endObject()
        w.beginObject("currency_configuration"); w.string("base_currency_iso_code", "USD"); w.string("currency_iso_code", "USD"); w.endObject()
        w.emptyObject("custom_fields")
        w.endObject()
    }

    // MARK: requisitions

    /// Projects 0 and 1: "<vendor abbreviation>-<commitment>-<draw>". Later projects: the short
    /// "<commitment>-<draw>" a subcontractor's own billing gives, so the same number comes from
    /// several vendors and, across projects, from one vendor; every tenth draw repeats the number
    /// of the draw before it (a resubmitted invoice), a repeat within the vendor.
    /// The subcontractor's invoice number, as subs write them: unique per vendor and mostly short
    /// (a running number, `INV-` and a number, or the vendor's initials and a number), so most fit
    /// Sage's 10-character InvoiceNo; one vendor in four writes long ones (its name, the contract
    /// and the draw, sometimes with letters Sage cannot take) that need the connector's fallback.
    /// Past the demo's two projects every tenth draw repeats the one before (a re-submitted
    /// invoice), which the connector must not post twice under one number.
    func invoiceNumber(_ r: Int) -> String {
        let req = ds.requisitions[r]
        let c = ds.commitments[Int(req.commitment)]
        let vendor = ds.vendors[Int(c.vendor)]
        let n = c.project >= 2 && req.number % 10 == 0 && r > 0 ? r - 1 : r
        switch Int(c.vendor) % 4 {
        case 0: return String(1000 + n)
        case 1: return "INV-" + String(n).leftPadded(5)
        case 2:
            var initials = ""
            for u in vendor.abbreviatedName.unicodeScalars where (65...90).contains(u.value) && initials.count < 2 {
                initials.unicodeScalars.append(u)
            }
            while initials.count < 2 { initials += "S" }
            return initials + String(n)
        default: return "\(vendor.abbreviatedName)-\(c.number)-\(format3(Int(req.number)))"
        }
    }

    func periodID(_ day: Int64) -> Int64 { 7_100_000 + day / 30 }

    func requisition(_ r: Int, into w: inout ProcoreJSONWriter) {
        let req = ds.requisitions[r]
        let c = ds.commitments[Int(req.commitment)]
        let project = ds.projects[Int(c.project)]
        let vendor = ds.vendors[Int(c.vendor)]
        let t = req.totals
        let previousID: Int64? = req.number > 1
            ? ds.requisitionIndices(commitment: Int(req.commitment)).last { ds.requisitions[$0].number == req.number - 1 }.map { ds.requisitions[$0].id }
            : nil
        let payment = ds.paymentRanges[Int(c.project)].first { ds.payments[$0].requisition == Int32(r) }
            ?? ds.addedPayments[Int(c.project)]?.first { ds.payments[$0].requisition == Int32(r) }
        w.beginObject()
        w.int("id", req.id)
        w.int("previous_requisition_id", previousID)
        w.int("project_id", project.id)
        w.date("billing_date", req.periodEndDay)
        w.ts("created_at", req.createdAt)
        w.ts("updated_at", req.updatedAt)
        w.int("commitment_id", c.id)
        w.string("commitment_type", c.isPurchaseOrder ? "PurchaseOrderContract" : "WorkOrderContract")
        w.string("contract_name", commitmentTitle(c))
        w.bool("deletable", ProcoreStatus.requisition[Int(req.status)] == "draft")
        w.bool("final", req.currentBP == 10_000)
        w.string("vendor_name", vendor.name)
        w.int("vendor_id", vendor.id)
        w.string("invoice_number", invoiceNumber(r))
        w.string("invoice_type", "progress")
        w.string("origin_data", req.origin.data)
        w.string("origin_id", req.origin.id)
        w.date("payment_date", payment.map { ds.payments[$0].day })
        w.string("percent_complete", percent(t.completedToDate, of: t.contractSumToDate))
        w.int("period_id", periodID(req.periodStartDay))
        w.date("requisition_start", req.periodStartDay)
        w.date("requisition_end", req.periodEndDay)
        w.string("status", ProcoreStatus.requisition[Int(req.status)])
        w.string("erp_status", "not_ready")
        w.int("number", Int64(req.number))
        w.date("submitted_at", req.createdAt / ProcoreTime.msPerDay)
        w.money("total_claimed_amount", cents: t.completedThisPeriod)
        w.null("electronic_signature_id")
        w.bool("move_materials_to_previous_work_completed", false)
        w.beginObject("summary_text")
        w.string("project_name", project.name); w.string("project_number", project.number)
        w.string("to_general_contractor", ds.company.name)
        w.date("requisition_period_start", req.periodStartDay); w.date("requisition_period_end", req.periodEndDay)
        w.string("subcontractor_name", vendor.name); w.string("subcontractor_street", vendor.address)
        w.string("subcontractor_city", vendor.city); w.string("subcontractor_state_code", vendor.stateCode)
        w.string("subcontractor_zip", vendor.zip); w.string("subcontractor_country_code", "US")
        w.string("application_number", String(req.number)); w.string("contract_for", commitmentTitle(c))
        w.date("contract_date", c.contractDay)
        w.endObject()
        w.beginObject("summary")
        g702(t, retainageBP: c.retainageBP, periodStart: req.periodStartDay, periodEnd: req.periodEndDay, into: &w)
        w.money("new_materials", cents: 0); w.money("new_materials_quantity", cents: 0)
        w.money("stored_materials", cents: 0); w.money("stored_materials_quantity", cents: 0)
        w.endObject()
        w.beginObject("created_by")
        w.int("id", 7_800_000 + Int64(c.vendor)); w.string("name", "Billing, \(vendor.name.trimmingSpaces)")
        w.string("login", vendor.email); w.string("company_name", vendor.name)
        w.endObject()
        w.emptyObject("custom_fields")
        w.beginObject("currency_configuration")
        w.string("currency_iso_code", "USD"); w.raw("currency_exchange_rate", "1.0"); w.string("base_currency_iso_code", "USD")
        w.endObject()
        w.emptyArray("attachments")
        w.beginArray("items")
        if requisitionItems {
            for item in requisitionItemRows(r) where !item.isChangeOrder {
                contractItem(item, into: &w)
            }
        }
        w.endArray()
        w.emptyArray("item_packages")
        w.endObject()
    }

    /// The G702 summary block shared by requisitions and owner payment applications.
    func g702(_ t: PBillingTotals, retainageBP: Int32, periodStart: Int64, periodEnd: Int64, into w: inout ProcoreJSONWriter) {
        w.money("balance_to_finish_including_retainage", cents: t.balanceToFinishIncludingRetainage)
        w.string("completed_work_retainage_percent", ProcoreMoney.percent(basisPoints: Int64(retainageBP)))
        w.money("completed_work_retainage_amount", cents: t.retainageToDate)
        w.money("contract_sum_to_date", cents: t.contractSumToDate)
        w.money("current_payment_due", cents: t.currentPaymentDue)
        w.string("formatted_period", ProcoreTime.date(days: periodStart) + " - " + ProcoreTime.date(days: periodEnd))
        w.money("less_previous_certificates_for_payment", cents: t.previousCertificates)
        w.money("negative_change_order_item_total", cents: t.negativeChangeOrders)
        w.money("negative_new_change_order_item_total", cents: 0)
        w.money("negative_previous_change_order_item_total", cents: t.negativeChangeOrders)
        w.money("net_change_by_change_orders", cents: t.changeOrders)
        w.money("original_contract_sum", cents: t.scheduled)
        w.money("positive_change_order_item_total", cents: t.positiveChangeOrders)
        w.money("positive_new_change_order_item_total", cents: 0)
        w.money("positive_previous_change_order_item_total", cents: t.positiveChangeOrders)
        w.money("stored_materials_retainage_amount", cents: 0)
        w.string("stored_materials_retainage_percent", ProcoreMoney.percent(basisPoints: Int64(retainageBP)))
        w.money("tax_applicable_to_this_payment", cents: 0)
        w.money("total_completed_and_stored_to_date", cents: t.completedToDate)
        w.money("total_earned_less_retainage", cents: t.earnedLessRetainage)
        w.money("total_retainage", cents: t.retainageToDate)
    }

    /// One billed line of a requisition.
    struct ItemRow {
        var id: Int64
        var line: PLineItem
        var isChangeOrder: Bool
        var changeOrder: Int32
        var position: Int
        var toDate: Int64, previous: Int64, retainageToDate: Int64, retainagePrevious: Int64
        var retainageBP: Int32
    }

    /// Item ids are derived: requisition id * 64 + position, so single-item GETs can find them.
    static let itemsPerRequisition: Int64 = 64

    func requisitionItemRows(_ r: Int) -> [ItemRow] {
        let req = ds.requisitions[r]
        let c = ds.commitments[Int(req.commitment)]
        var rows: [ItemRow] = []
        for (k, line) in ProcoreDatasetGenerator.requisitionLines(c, ds: ds, asOf: req.createdAt).enumerated() {
            let b = ProcoreDatasetGenerator.billing(line.amount, retainageBP: c.retainageBP,
                                                    previousBP: req.previousBP, currentBP: req.currentBP)
            rows.append(ItemRow(id: req.id * Self.itemsPerRequisition + Int64(k + 1), line: line.line,
                                isChangeOrder: line.isChangeOrder, changeOrder: line.changeOrder, position: k + 1,
                                toDate: b.toDate, previous: b.previous, retainageToDate: b.retainageToDate,
                                retainagePrevious: b.retainagePrevious, retainageBP: c.retainageBP))
        }
        return rows
    }

    private func billedCommon(_ row: ItemRow, into w: inout ProcoreJSONWriter) {
        w.string("description_of_work", lineDescription(row.line))
        w.money("scheduled_value", cents: row.line.amount)
        w.money("work_completed_from_previous_application", cents: row.previous)
        w.money("work_completed_this_period", cents: row.toDate - row.previous)
        w.money("materials_presently_stored", cents: 0)
        w.money("total_completed_and_stored_to_date", cents: row.toDate)
        w.string("total_completed_and_stored_to_date_percent", percent(row.toDate, of: row.line.amount))
        w.money("work_completed_retainage_from_previous_application", cents: row.retainagePrevious)
        w.money("work_completed_retainage_retained_this_period", cents: row.retainageToDate - row.retainagePrevious)
        w.string("work_completed_retainage_percent_this_period", ProcoreMoney.percent(basisPoints: Int64(row.retainageBP)))
        w.money("materials_stored_retainage_currently_retained", cents: 0)
        w.string("materials_stored_retainage_percent_this_period", ProcoreMoney.percent(basisPoints: Int64(row.retainageBP)))
        w.money("work_completed_retainage_released_this_period", cents: 0)
        w.money("materials_stored_retainage_released_this_period", cents: 0)
        w.money("scheduled_quantity", cents: row.line.quantity * 100)
        w.money("scheduled_unit_price", cents: row.line.unitCostCents)
        w.string("work_completed_this_period_quantity", "0.0")
        w.string("work_completed_from_previous_application_quantity", "0.0")
    }

    private func costCodeID(_ index: Int32) -> Int64? { index >= 0 ? ds.costCodes[Int(index)].id : nil }

    func contractItem(_ row: ItemRow, into w: inout ProcoreJSONWriter) {
        w.beginObject()
        w.int("id", row.id)
        w.string("item_type", "contract_item")
        w.int("cost_code_id", costCodeID(row.line.costCode))
        w.int("line_item_id", row.line.id)
        billedCommon(row, into: &w)
        w.null("comment")
        w.string("status", "approved")
        w.int("position", Int64(row.position))
        w.bool("ssr_manual_override", false)
        w.money("subcontractor_claimed_amount", cents: row.toDate - row.previous)
        w.null("wbs_code")
        w.beginObject("currency_configuration"); w.string("currency_iso_code", "USD"); w.endObject()
        w.money("materials_moved", cents: 0)
        w.money("materials_retainage_retained_moved", cents: 0)
        w.endObject()
    }

    func changeOrderItem(_ row: ItemRow, into w: inout ProcoreJSONWriter) {
        let co = ds.changeOrders[Int(row.changeOrder)]
        w.beginObject()
        w.int("id", row.id)
        w.int("cost_code_id", costCodeID(row.line.costCode))
        w.int("line_item_id", row.line.id)
        w.int("commitment_line_item_id", row.line.id)
        w.null("commitment_line_item_origin_id")
        billedCommon(row, into: &w)
        w.int("change_order_package_id", co.id)
        w.money("subcontractor_claimed_amount", cents: row.toDate - row.previous)
        w.null("wbs_code")
        w.int("position", Int64(row.position))
        w.beginObject("currency_configuration"); w.string("currency_iso_code", "USD"); w.endObject()
        w.money("materials_moved", cents: 0)
        w.money("materials_retainage_retained_moved", cents: 0)
        w.endObject()
    }

    func detailItem(_ row: ItemRow, into w: inout ProcoreJSONWriter) {
        w.beginObject()
        w.int("id", row.id)
        w.money("balance_to_finish", cents: row.line.amount - row.toDate)
        w.money("materials_presently_stored", cents: 0)
        w.money("scheduled_value", cents: row.line.amount)
        w.money("total_completed_and_stored_to_date", cents: row.toDate)
        w.string("total_completed_and_stored_to_date_percent", percent(row.toDate, of: row.line.amount))
        w.money("work_completed_from_previous_application", cents: row.previous)
        w.money("work_completed_this_period", cents: row.toDate - row.previous)
        w.string("description_of_work", lineDescription(row.line))
        w.int("item_number", Int64(row.position))
        w.string("item_type", row.isChangeOrder ? "change_order_item" : "contract_item")
        w.int("cost_code_id", costCodeID(row.line.costCode))
        w.money("scheduled_unit_price", cents: row.line.unitCostCents)
        w.money("scheduled_quantity", cents: row.line.quantity * 100)
        w.string("total_completed_and_stored_to_date_quantity", "0.0")
        w.string("work_completed_this_period_quantity", "0.0")
        w.string("work_completed_from_previous_application_quantity", "0.0")
        w.money("work_completed_retainage_currently_retained", cents: row.retainageToDate)
        w.money("work_completed_retainage_from_previous_application", cents: row.retainagePrevious)
        w.money("work_completed_retainage_released_this_period", cents: 0)
        w.money("work_completed_retainage_retained_this_period", cents: row.retainageToDate - row.retainagePrevious)
        w.string("work_completed_retainage_percent_this_period", ProcoreMoney.percent(basisPoints: Int64(row.retainageBP)))
        w.money("materials_stored_retainage_currently_retained", cents: 0)
        w.money("materials_stored_retainage_from_previous_application", cents: 0)
        w.money("materials_stored_retainage_released_this_period", cents: 0)
        w.money("materials_stored_retainage_retained_this_period", cents: 0)
        w.string("materials_stored_retainage_percent_this_period", ProcoreMoney.percent(basisPoints: Int64(row.retainageBP)))
        w.money("total_retainage_currently_retained", cents: row.retainageToDate)
        w.money("total_retainage_from_previous_application", cents: row.retainagePrevious)
        w.money("materials_moved", cents: 0)
        w.money("materials_retainage_retained_moved", cents: 0)
        w.endObject()
    }

    // MARK: prime contract side

    func primeContract(_ i: Int, into w: inout ProcoreJSONWriter) {
        let pc = ds.primeContracts[i]
        let project = ds.projects[Int(pc.project)]
        w.beginObject()
        w.int("id", pc.id)
        w.string("accounting_method", "amount")
        w.null("actual_completion_date")
        w.date("approval_letter_date", pc.contractDay)
        w.money("approved_change_orders", cents: 0)
        w.date("contract_date", pc.contractDay)
        w.date("contract_estimated_completion_date", project.completionDay)
        w.date("contract_start_date", project.startDay)
        w.null("contract_termination_date")
        w.ts("created_at", pc.createdAt)
        w.null("deleted_at")
        w.string("description", "Prime contract — \(project.name)")
        w.bool("executed", true)
        w.date("execution_date", pc.contractDay)
        w.null("exclusions")
        w.money("grand_total", cents: pc.total)
        w.null("inclusions")
        w.date("issued_on_date", pc.contractDay)
        w.null("letter_of_intent_date")
        w.string("number", String(pc.number))
        w.null("origin_code")
        w.null("origin_data")
        w.null("origin_id")
        w.bool("private", false)
        w.string("retainage_percent", ProcoreMoney.percent(basisPoints: Int64(pc.retainageBP)))
        w.null("returned_date")
        w.date("signed_contract_received_date", pc.contractDay)
        w.bool("show_line_items_to_non_admins", false)
        w.string("status", ProcoreStatus.prime[Int(pc.status)])
        w.string("title", "\(project.name) — Owner Agreement")
        w.ts("updated_at", pc.updatedAt)
        w.null("architect")
        w.emptyArray("attachments")
        w.beginObject("contractor"); w.int("id", ds.company.id); w.string("name", ds.company.name); w.endObject()
        w.beginObject("created_by"); w.int("id", 7_700_001); w.string("login", "dana.whitfield@example.com"); w.string("name", "Dana Whitfield"); w.endObject()
        w.beginObject("vendor"); w.int("id", 9_100_000 + Int64(pc.project)); w.string("name", project.ownerName); w.endObject()
        currency(into: &w)
        w.endObject()
    }

    func paymentApplication(_ i: Int, into w: inout ProcoreJSONWriter) {
        let pa = ds.paymentApplications[i]
        let pc = ds.primeContracts[Int(pa.prime)]
        let project = ds.projects[Int(pa.project)]
        let t = pa.totals
        w.beginObject()
        w.int("id", pa.id)
        w.date("billing_date", pa.periodEndDay)
        w.string("invoice_number", "\(project.number)-\(format3(Int(pa.number)))")
        w.null("origin_data")
        w.null("origin_id")
        w.string("percent_complete", percent(t.completedToDate, of: t.contractSumToDate))
        w.date("period_start", pa.periodStartDay)
        w.date("period_end", pa.periodEndDay)
        w.int("period_id", periodID(pa.periodStartDay))
        w.string("status", ProcoreStatus.paymentApplication[Int(pa.status)])
        w.money("total_amount_paid", cents: ProcoreStatus.paymentApplication[Int(pa.status)] == "approved" ? t.currentPaymentDue : 0)
        w.int("number", Int64(pa.number))
        w.money("total_amount_accrued_this_period", cents: t.completedThisPeriod)
        w.string("formatted_contract_company", project.ownerName)
        w.beginObject("currency_configuration")
        w.string("currency_iso_code", "USD"); w.string("currency_exchange_rate", "1.0"); w.string("base_currency_iso_code", "USD")
        w.endObject()
        w.beginObject("g702")
        g702(t, retainageBP: pc.retainageBP, periodStart: pa.periodStartDay, periodEnd: pa.periodEndDay, into: &w)
        w.endObject()
        w.beginObject("billing_period"); w.date("start_date", pa.periodStartDay); w.date("end_date", pa.periodEndDay); w.endObject()
        w.beginObject("contract"); w.int("id", pc.id); w.string("type", "PrimeContract"); w.string("title", "\(project.name) — Owner Agreement"); w.endObject()
        w.date("created_at", pa.createdAt / ProcoreTime.msPerDay)
        w.date("updated_at", pa.updatedAt / ProcoreTime.msPerDay)
        w.endObject()
    }

    func payment(_ i: Int, into w: inout ProcoreJSONWriter) {
        let pay = ds.payments[i]
        let f = paymentFields(i)
        w.beginObject()
        w.int("id", pay.id)
        w.money("amount", cents: pay.amount)
        w.string("check_number", f.checkNumber)
        w.int("contract_id", ds.commitments[Int(pay.commitment)].id)
        w.ts("created_at", pay.createdAt)
        w.ts("updated_at", pay.updatedAt)
        w.date("date", pay.day)
        w.ts("date_payment_settled", pay.createdAt)
        w.ts("date_payment_initiated", pay.createdAt)
        w.int("draw_request_number", f.drawRequestNumber)
        w.null("external_payment_id")
        w.string("invoice_number", f.invoiceNumber)
        w.string("notes", f.notes)
        w.int("payment_number", f.paymentNumber)
        w.emptyArray("attachments")
        w.int("project_id", ds.projects[Int(pay.project)].id)
        w.int("requisition_id", pay.requisition >= 0 ? ds.requisitions[Int(pay.requisition)].id : nil)
        w.string("origin_id", f.originID)
        w.null("origin_code")
        w.string("origin_data", f.originData)
        w.string("status", "paid")
        w.endObject()
    }

    /// A payment's text fields: the generated ones from its requisition, or as sent when it was
    /// created through the API.
    func paymentFields(_ i: Int) -> PPaymentDetails {
        let pay = ds.payments[i]
        if pay.detail >= 0 {
            var d = ds.paymentDetails[Int(pay.detail)]
            if pay.requisition >= 0 {
                d.drawRequestNumber = d.drawRequestNumber ?? Int64(ds.requisitions[Int(pay.requisition)].number)
            }
            return d
        }
        return PPaymentDetails(checkNumber: String(pay.checkNumber), invoiceNumber: invoiceNumber(Int(pay.requisition)),
                               drawRequestNumber: Int64(ds.requisitions[Int(pay.requisition)].number),
                               paymentNumber: Int64(pay.paymentNumber))
    }

    func directCost(_ i: Int, into w: inout ProcoreJSONWriter) {
        let dc = ds.directCosts[i]
        let details = ds.directCostDetails[i]
        let vendor = dc.vendor < 0 ? nil : ds.vendors[Int(dc.vendor)]
        let type = ProcoreStatus.directCostType[Int(dc.type)]
        w.beginObject()
        w.int("id", dc.id)
        w.money("amount", cents: dc.amount)
        w.ts("created_at", dc.createdAt)
        w.ts("deleted_at", dc.deleted ? dc.updatedAt : nil)
        w.string("description", details.map(\.description) ?? ProcoreNames.directCostDescriptions[Int(dc.description)])
        w.string("direct_cost_type", type)
        w.date("direct_cost_date", dc.day)
        w.money("grand_total", cents: dc.amount)
        if let details {
            w.string("invoice_number", details.invoiceNumber)
        } else {
            w.string("invoice_number", type == "payroll" ? nil : "DC-\(dc.invoice)")
        }
        w.string("origin_data", details?.originData)
        w.string("origin_id", details?.originID)
        w.date("payment_date", ProcoreStatus.directCost[Int(dc.status)] == "approved" ? dc.day + 30 : nil)
        w.date("received_date", dc.day + 2)
        w.string("status", ProcoreStatus.directCost[Int(dc.status)])
        w.string("terms", details?.terms ?? "Net 30")
        w.ts("updated_at", dc.updatedAt)
        w.string("vendor", vendor?.name)
        w.int("vendor_id", vendor?.id)
        w.string("vendor_name", vendor?.name)
        currency(into: &w)
        if type == "payroll" && details == nil {
            w.beginObject("employee"); w.int("id", 7_900_000 + Int64(dc.invoice % 50)); w.string("name", "Crew \(dc.invoice % 50)"); w.endObject()
        } else {
            w.null("employee")
        }
        w.endObject()
    }

    // MARK: helpers

    func currency(into w: inout ProcoreJSONWriter) {
        w.beginObject("currency_configuration"); w.string("currency_iso_code", "USD"); w.endObject()
    }

    func accountingMethod(_ c: PCommitment) -> String {
        ds.lineItems[Int(c.lineItems.lowerBound)..<Int(c.lineItems.upperBound)].contains { $0.quantity != 1 } ? "unit" : "amount"
    }

    /// `part / whole * 100` with two decimals, exact integer arithmetic, "0.0" when whole is 0.
    func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole != 0 else { return "0.0" }
        let scaled = part * 10_000 / whole
        return ProcoreMoney.string(cents: scaled)
    }

    func micro(_ v: Int64) -> String {
        let sign = v < 0 ? "-" : ""
        let m = v.magnitude
        let frac = String(m % 1_000_000)
        return sign + String(m / 1_000_000) + "." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    func format3(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 3 ? s : String(repeating: "0", count: 3 - s.count) + s
    }

    func escapeHTML(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension ProcoreJSONWriter {
    mutating func ts(_ key: String, _ ms: Int64?) { string(key, ms.map(ProcoreTime.timestamp(ms:))) }
    mutating func date(_ key: String, _ day: Int64?) { string(key, day.map(ProcoreTime.date(days:))) }
}

extension String {
    var replacingDash: String { String(self.filter { $0 != "-" }) }
}
