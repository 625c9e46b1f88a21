/// The budget endpoints: the company's budget views, a view's detail rows for a project (one
/// row per budget line item, with its cost code and cost type) and a single budget line item.
/// `project_id` is required for the rows and the line item (a budget belongs to a project);
/// the views are the company's, and the spec leaves `project_id` optional there (when given,
/// the project must exist and be granted).
extension ProcoreAPI {
    func budgetViews() throws -> ProcoreAnswer {
        if query.first("project_id") != nil { _ = try projectFromQuery() }
        let e = encoder
        return try list(0..<1, Access(id: { _ in ProcoreDatasetGenerator.budgetViewID }, updatedAt: { _ in 0 }, createdAt: { _ in 0 })) { _, w in
            e.budgetView(into: &w)
        }
    }

    func budgetDetailRows(viewID: Int64) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        guard viewID == ProcoreDatasetGenerator.budgetViewID else { throw notFound("Budget view", viewID) }
        let e = encoder
        // Every line here is budgeted: `unbudgeted` lists none.
        let rows = query.first("budget_row_type") == "unbudgeted" ? 0..<0 : ds.budgetLineRanges[p]
        let costCodeFilter = Set(query.list("cost_code_id").compactMap { Int64($0) })
        let candidates = rows.filter { costCodeFilter.isEmpty || costCodeFilter.contains(ds.costCodes[Int(ds.budgetLines[$0].costCode)].id) }
        let a = Access(id: { ds.budgetLines[$0].id }, updatedAt: { ds.budgetLines[$0].updatedAt }, createdAt: { ds.budgetLines[$0].createdAt })
        return try list(candidates, a) { i, w in e.budgetDetailRow(i, into: &w) }
    }

    func budgetLineItem(_ id: Int64) throws -> ProcoreAnswer {
        let p = try projectFromQuery()
        guard let i = ProcoreDataset.find(id, in: ds.budgetLines, key: { $0.id }), ds.budgetLineRanges[p].contains(i) else {
            throw notFound("Budget line item", id)
        }
        let e = encoder
        return one { e.budgetLineItem(i, into: &$0) }
    }
}

extension ProcoreEncoder {
    func budgetView(into w: inout ProcoreJSONWriter) {
        let id = ProcoreDatasetGenerator.budgetViewID
        w.beginObject()
        w.int("id", id)
        w.string("name", "Procore Standard Budget")
        w.string("description", "Original budget, modifications, commitments and direct costs by cost code and cost type")
        w.ts("created_at", ProcoreDatasetGenerator.historyEnd - 400 * ProcoreTime.msPerDay)
        w.beginObject("created_by"); w.int("id", 7_700_042); w.string("name", "Sandbox Service Account")
        w.string("login", "sandbox-client@dmsa.example.com"); w.endObject()
        w.ts("updated_at", ProcoreDatasetGenerator.historyEnd - 400 * ProcoreTime.msPerDay)
        w.string("role", "standard")
        w.beginObject("links")
        w.string("detail_rows", "/rest/v1.0/budget_views/\(id)/detail_rows")
        w.string("summary_rows", "/rest/v1.0/budget_views/\(id)/summary_rows")
        w.endObject()
        w.endObject()
    }

    func budgetDetailRow(_ i: Int, into w: inout ProcoreJSONWriter) {
        let line = ds.budgetLines[i]
        let code = ds.costCodes[Int(line.costCode)]
        let cat = ProcoreNames.costCodes[Int(code.catalog)]
        let project = ds.projects[Int(code.project)]
        let type = ds.lineItemTypes[Int(line.lineItemType)]
        let division = String(cat.code.prefix(2))
        let amount = ProcoreMoney.string(cents: line.originalCents)
        w.beginObject()
        w.int("id", line.id)
        w.bool("deletable", false)
        w.int("company_id", ds.company.id)
        w.string("company", ds.company.name)
        w.int("project_id", project.id)
        w.null("wbs_code_id")
        w.int("biller_id", project.id)
        w.int("root_cost_code_id", 97_000_000 + Int64(division)!)
        w.int("cost_code_id", code.id)
        w.null("cost_code_origin_id")
        w.int("category_id", type.id)
        w.string("project", project.name)
        w.string("biller", project.name)
        w.string("biller_type", "Project")
        w.string("root_cost_code", division)
        w.string("cost_code", "\(cat.code) - \(cat.name)")
        w.string("category", type.name)
        w.string("budget_modifications", "0.0")
        w.string("original_budget_amount", amount)
        w.beginObject("budget_forecast")
        w.int("id", line.id + 1)
        w.null("manual_amount")
        w.string("automatic_amount", amount)
        w.string("amount", amount)
        w.bool("automatically_calculated", true)
        w.string("calculation_strategy", "automatic")
        w.null("notes")
        w.endObject()
        currency(into: &w)
        w.null("unbudgeted_reason")
        w.endObject()
    }

    func budgetLineItem(_ i: Int, into w: inout ProcoreJSONWriter) {
        let line = ds.budgetLines[i]
        let code = ds.costCodes[Int(line.costCode)]
        let cat = ProcoreNames.costCodes[Int(code.catalog)]
        let type = ds.lineItemTypes[Int(line.lineItemType)]
        let division = String(cat.code.prefix(2))
        w.beginObject()
        w.int("id", line.id)
        w.moneyNumber("original_budget_amount", cents: line.originalCents)
        w.null("uom")
        w.null("quantity")
        w.null("unit_cost")
        w.string("calculation_strategy", "automatic")
        w.moneyNumber("approved_budget_changes", cents: 0)
        w.moneyNumber("revised_budget", cents: line.originalCents)
        w.moneyNumber("pending_budget_changes", cents: 0)
        w.moneyNumber("projected_budget", cents: line.originalCents)
        w.moneyNumber("committed_costs", cents: 0)
        w.moneyNumber("direct_costs", cents: 0)
        w.moneyNumber("pending_cost_changes", cents: 0)
        w.moneyNumber("projected_costs", cents: 0)
        w.moneyNumber("budget_forecast", cents: line.originalCents)
        w.moneyNumber("estimated_cost_at_completion", cents: line.originalCents)
        w.moneyNumber("projected_over_under", cents: 0)
        w.beginObject("cost_code")
        w.int("id", code.id); w.string("name", cat.name); w.string("code", String(cat.code.dropFirst(3))); w.string("full_code", cat.code)
        w.endObject()
        w.beginObject("division")
        w.int("id", 97_000_000 + Int64(division)!); w.string("name", division); w.string("full_code", division)
        w.endObject()
        w.beginObject("line_item_type"); w.int("id", type.id); w.string("name", type.name); w.endObject()
        currency(into: &w)
        w.endObject()
    }
}
