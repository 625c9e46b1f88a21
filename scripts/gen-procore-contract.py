#!/usr/bin/env python3
"""Write Tests/SandboxTests/Contract/procore-contract.json from Procore's endpoint schemas.

For every GET list endpoint the Procore sandbox serves, the contract holds the path and the
fields of one response item with their JSON types, so a test can check the sandbox's answers
field by field against Procore's own OpenAPI description.

Usage: scripts/gen-procore-contract.py [ENDPOINTS_DIR] [OUTPUT]
  ENDPOINTS_DIR defaults to /work/shared/procore-api/endpoints (one JSON file per operationId).

It also holds, for every GET endpoint the sandbox serves (lists, single records, children),
the query and path parameters the spec declares ("requests"), and writes the same parameter
rules into Sources/Sandbox/Procore/ProcoreParameterRules.swift, so the sandbox answers a
missing required parameter, a wrong type or an unknown enum value 400 as Procore does, and
tests can check the client's requests against the spec rather than against the sandbox.

Contract format (compact):
  {"requests": [{"operation", "path", "parameters": [{"name", "in": "query"|"path",
                 "required", "t": type, "i": item type (arrays), "e": [allowed values]}]}],
   "endpoints": [{"name", "operation", "path", "paginated", "default_per_page",
                  "schema_source", "closed", "fields": {NAME: TYPE}}]}
  TYPE is {"t": "string"|"integer"|"number"|"boolean"|"object"|"array"|"any",
           "n": true when null is allowed, "f": "date"|"date-time" (strings),
           "e": [allowed values], "p": {nested fields} (objects), "i": TYPE (array items)}.
  "closed": true means the item may carry no top-level field the schema lacks.

Where the spec's list operation has no item schema, the closest schema the spec does publish
is used and named in "schema_source" (the single-record GET, the same record embedded in a
parent, or the create request body; the last one is "closed": false because responses carry
more than a request).

Nullability: the spec does not say which fields may be null, and Procore sends null for every
unset optional field. Fields are therefore nullable except `id` and the fields listed in
NOT_NULL below, which the sandbox guarantees (the keys and money a connector depends on).
"""
import json
import os
import sys

ENDPOINTS = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/procore-api/endpoints"
OUTPUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "SandboxTests", "Contract", "procore-contract.json")

# name, operation (list GET), schema source, how to find the item schema, closed
SERVED = [
    ("companies", "RestV10CompaniesGet", "RestV10CompaniesGet", "list", True),
    ("projects", "RestV10ProjectsGet", "RestV10ProjectsGet", "list", True),
    ("vendors", "RestV10VendorsGet", "RestV10VendorsPost", "request:vendor", False),
    ("cost_codes", "RestV10CostCodesGet", "RestV10CostCodesIdGet", "single", True),
    ("line_item_types", "RestV10LineItemTypesGet", "RestV10LineItemTypesGet", "list", True),
    ("purchase_order_contracts", "RestV10PurchaseOrderContractsGet", "RestV10PurchaseOrderContractsGet", "list", True),
    ("purchase_order_contract_line_items", "RestV10PurchaseOrderContractsPurchaseOrderContractIdLineItemsGet",
     "RestV10PurchaseOrderContractsIdGet", "embedded:line_items", True),
    ("work_order_contracts", "RestV10WorkOrderContractsGet", "RestV10WorkOrderContractsIdGet", "single", True),
    ("work_order_contract_line_items", "RestV10WorkOrderContractsWorkOrderContractIdLineItemsGet",
     "RestV10WorkOrderContractsIdGet", "embedded:line_items", True),
    ("requisitions", "RestV11RequisitionsGet", "RestV11RequisitionsGet", "list", True),
    ("requisition_contract_items", "RestV10RequisitionsRequisitionIdContractItemsGet",
     "RestV10RequisitionsRequisitionIdContractItemsGet", "list", True),
    ("requisition_change_order_items", "RestV10RequisitionsRequisitionIdChangeOrderItemsGet",
     "RestV10RequisitionsRequisitionIdChangeOrderItemsGet", "list", True),
    ("requisition_detail", "RestV10RequisitionsRequisitionIdDetailGet",
     "RestV10RequisitionsRequisitionIdDetailGet", "list", True),
    ("commitment_change_orders", "RestV10ProjectsProjectIdCommitmentChangeOrdersGet",
     "RestV10ProjectsProjectIdCommitmentChangeOrdersPost", "request:change_order", False),
    ("change_order_packages", "RestV10ChangeOrderPackagesGet", "RestV10ChangeOrderPackagesGet", "list", True),
    ("prime_contracts", "RestV10PrimeContractsGet", "RestV10PrimeContractsGet", "list", True),
    ("payment_applications", "RestV10PaymentApplicationsGet",
     "RestV10PrimeContractsPrimeContractIdPaymentApplicationsGet", "list", True),
    ("contract_payments", "RestV10ContractPaymentsGet", "RestV10ContractPaymentsGet", "list", True),
    ("direct_costs", "RestV11ProjectsProjectIdDirectCostsGet", "RestV11ProjectsProjectIdDirectCostsGet", "list", True),
    ("budget_views", "RestV10BudgetViewsGet", "RestV10BudgetViewsGet", "list", True),
    ("budget_detail_rows", "RestV10BudgetViewsBudgetViewIdDetailRowsGet", "RestV10BudgetViewsBudgetViewIdDetailRowsGet", "list", True),
]

# Every GET path the sandbox serves (ProcoreAPI.route) that has a spec file; the parameter
# rules of these operations are enforced by the sandbox.
SANDBOX_GET = [
    "RestV10CompaniesGet", "RestV10MeGet", "RestV10ProjectsGet", "RestV11ProjectsGet",
    "RestV10VendorsGet", "RestV10VendorsIdGet",
    "RestV10CostCodesGet", "RestV10CostCodesIdGet",
    "RestV10LineItemTypesGet", "RestV10LineItemTypesIdGet",
    "RestV10PurchaseOrderContractsGet", "RestV10PurchaseOrderContractsIdGet",
    "RestV10PurchaseOrderContractsPurchaseOrderContractIdLineItemsGet",
    "RestV10PurchaseOrderContractsPurchaseOrderContractIdLineItemsIdGet",
    "RestV10WorkOrderContractsGet", "RestV10WorkOrderContractsIdGet",
    "RestV10WorkOrderContractsWorkOrderContractIdLineItemsGet",
    "RestV10WorkOrderContractsWorkOrderContractIdLineItemsIdGet",
    "RestV10RequisitionsGet", "RestV10RequisitionsIdGet", "RestV11RequisitionsGet", "RestV11RequisitionsIdGet",
    "RestV10RequisitionsRequisitionIdContractItemsGet", "RestV10RequisitionsRequisitionIdContractItemsIdGet",
    "RestV10RequisitionsRequisitionIdChangeOrderItemsGet", "RestV10RequisitionsRequisitionIdChangeOrderItemsIdGet",
    "RestV10RequisitionsRequisitionIdDetailGet",
    "RestV10ProjectsProjectIdCommitmentChangeOrdersGet", "RestV10ProjectsProjectIdCommitmentChangeOrdersIdGet",
    "RestV10ChangeOrderPackagesGet", "RestV10ChangeOrderPackagesIdGet",
    "RestV10PrimeContractsGet", "RestV10PrimeContractsPrimeContractIdPaymentApplicationsGet",
    "RestV10PaymentApplicationsGet", "RestV10PaymentApplicationsIdGet",
    "RestV10ContractPaymentsGet", "RestV10ContractPaymentsIdGet",
    "RestV10ProjectsProjectIdDirectCostsGet", "RestV10ProjectsProjectIdDirectCostsIdGet",
    "RestV11ProjectsProjectIdDirectCostsGet", "RestV11ProjectsProjectIdDirectCostsIdGet",
    "RestV10BudgetViewsGet", "RestV10BudgetViewsBudgetViewIdDetailRowsGet", "RestV10BudgetLineItemsIdGet",
]
RULES_OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Sandbox", "Procore",
                            "ProcoreParameterRules.swift")

# Fields the sandbox always fills (besides id): what a connector keys and totals on.
NOT_NULL = {
    "companies": ["name", "is_active"],
    "projects": ["name", "company", "created_at", "updated_at", "active"],
    "vendors": ["name", "is_active", "created_at", "updated_at"],
    "cost_codes": ["full_code", "name", "code", "created_at", "updated_at", "line_item_types", "biller_id"],
    "line_item_types": ["name", "code", "base_type"],
    "purchase_order_contracts": ["number", "status", "grand_total", "vendor", "project", "retainage_percent",
                                 "created_at", "updated_at", "revised_contract", "approved_change_orders"],
    "purchase_order_contract_line_items": ["amount", "description", "line_item_type", "position", "quantity",
                                           "unit_cost", "total_amount", "created_at", "updated_at"],
    "work_order_contracts": ["number", "status", "grand_total", "vendor", "project", "retainage_percent",
                             "created_at", "updated_at", "revised_contract", "approved_change_orders", "line_items"],
    "work_order_contract_line_items": ["amount", "description", "line_item_type", "position", "quantity",
                                       "unit_cost", "total_amount", "created_at", "updated_at"],
    "requisitions": ["project_id", "commitment_id", "vendor_id", "vendor_name", "status", "number", "created_at",
                     "updated_at", "summary", "period_id", "billing_date"],
    "requisition_contract_items": ["line_item_id", "scheduled_value", "work_completed_this_period",
                                   "work_completed_retainage_retained_this_period", "total_completed_and_stored_to_date"],
    "requisition_change_order_items": ["commitment_line_item_id", "scheduled_value", "work_completed_this_period",
                                       "work_completed_retainage_retained_this_period", "change_order_package_id"],
    "requisition_detail": ["item_type", "scheduled_value", "work_completed_this_period",
                           "work_completed_retainage_retained_this_period", "total_retainage_currently_retained"],
    "commitment_change_orders": ["contract_id", "number", "status", "title", "created_at", "updated_at"],
    "change_order_packages": ["contract_id", "number", "status", "grand_total", "created_at", "updated_at"],
    "prime_contracts": ["number", "status", "grand_total", "retainage_percent", "created_at", "updated_at"],
    "payment_applications": ["number", "status", "g702", "contract", "created_at", "updated_at"],
    "contract_payments": ["amount", "contract_id", "date", "payment_number", "project_id", "created_at", "updated_at"],
    "direct_costs": ["amount", "grand_total", "direct_cost_type", "direct_cost_date", "status",
                     "created_at", "updated_at"],   # vendor_id: payroll and expenses may have none
    "budget_views": ["name"],
    "budget_detail_rows": ["project_id", "cost_code_id", "category_id", "cost_code", "category", "original_budget_amount"],
}

DERIVED_EXTRA = {
    # a create request lacks what the server assigns
    "vendors": {"id": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
                "updated_at": {"type": "string", "format": "date-time"}},
    "commitment_change_orders": {"id": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
                                 "updated_at": {"type": "string", "format": "date-time"}},
}
DROP_REQUEST_ONLY = lambda k: k.endswith("_ids") or "%{" in k  # write-only attachment lists, custom field templates


def load(op):
    with open(os.path.join(ENDPOINTS, op + ".json")) as f:
        return json.load(f)


def ok_schema(op):
    r = load(op)["responses"]
    return (r.get("200") or r.get("201") or {}).get("schema") or {}


def compact(s):
    """One schema node -> compact contract type."""
    if not s or s.get("description") == "(nested object)":
        return {"t": "any", "n": True}
    t = s.get("type")
    props = s.get("properties")
    if props is not None and any("%{" in k for k in props):   # template keys, e.g. custom_field_%{id}
        return {"t": "object", "n": True}
    if t == "object" or props is not None:
        out = {"t": "object", "n": True}
        if props:
            out["p"] = {k: compact(v) for k, v in props.items()}
        return out
    if t == "array":
        return {"t": "array", "n": True, "i": compact(s.get("items") or {})}
    if t is None:
        return {"t": "any", "n": True}
    out = {"t": t, "n": True}
    if s.get("format") in ("date", "date-time"):
        out["f"] = s["format"]
    enum = s.get("enum")
    if enum:
        out["e"] = [v for v in enum if v is not None]
    return out


def item_fields(source, how):
    if how == "list":
        s = ok_schema(source)
        return (s.get("items") or {}).get("properties") or {}
    if how == "single":
        return ok_schema(source).get("properties") or {}
    if how.startswith("embedded:"):
        key = how.split(":", 1)[1]
        return ((ok_schema(source).get("properties") or {})[key].get("items") or {}).get("properties") or {}
    if how.startswith("request:"):
        key = how.split(":", 1)[1]
        body = load(source)["requestBody"]["schema"]["properties"][key]["properties"]
        return {k: v for k, v in body.items() if not DROP_REQUEST_ONLY(k)}
    raise ValueError(how)


def per_page_default(op):
    for p in load(op).get("parameters", []):
        if p["name"] == "per_page" and "default 30" in (p.get("description") or ""):
            return 30
    return 100


def parameter(p):
    s = p.get("schema") or {}
    out = {"name": p["name"], "in": p["in"], "required": bool(p.get("required")), "t": s.get("type") or "string"}
    if out["t"] == "array":
        out["i"] = (s.get("items") or {}).get("type") or "string"
    enum = s.get("enum") or ((s.get("items") or {}).get("enum") if out["t"] == "array" else None)
    if enum:
        out["e"] = [v for v in enum if v is not None]
    return out


def requests():
    out = []
    for op in SANDBOX_GET:
        spec = load(op)
        assert spec["method"] == "GET", op
        out.append({"operation": op, "path": spec["path"],
                    "parameters": [parameter(p) for p in spec.get("parameters", []) if p["in"] in ("query", "path")]})
    return out


def swift_string(v):
    return json.dumps(v, ensure_ascii=False)


def render_rules(reqs):
    lines = [
        "// Generated by scripts/gen-procore-contract.py from Procore's endpoint schemas; do not edit.",
        "",
        "/// The parameters Procore's spec declares for every GET endpoint the sandbox serves, keyed by",
        "/// the path with each `{name}` written `{}`.",
        "enum ProcoreParameterRules {",
        "    static let byPath: [String: ProcoreEndpointRules] = [",
    ]
    for r in reqs:
        key = re_path(r["path"])
        lines.append(f"        {swift_string(key)}: ProcoreEndpointRules(operation: {swift_string(r['operation'])}, path: {swift_string(r['path'])}, parameters: [")
        for p in r["parameters"]:
            allowed = "[" + ", ".join(swift_string(v) for v in p.get("e", [])) + "]"
            item = swift_string(p["i"]) if "i" in p else "nil"
            lines.append(f"            ProcoreParameterRule(name: {swift_string(p['name'])}, inPath: {'true' if p['in'] == 'path' else 'false'}, "
                         f"required: {'true' if p['required'] else 'false'}, type: {swift_string(p['t'])}, items: {item}, allowed: {allowed}),")
        lines.append("        ]),")
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def re_path(path):
    import re
    return re.sub(r"\{[^}]*\}", "{}", path)


def render(doc):
    """JSON with one line per endpoint attribute and per top-level field: compact, diffable."""
    one = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    out = ['{', f' "about": {one(doc["about"])},', ' "requests": [']
    for i, r in enumerate(doc["requests"]):
        out.append('  ' + one(r) + ("," if i < len(doc["requests"]) - 1 else ""))
    out.append(' ],')
    out.append(' "endpoints": [')
    for i, e in enumerate(doc["endpoints"]):
        out.append('  {')
        for k in ("name", "operation", "path", "paginated", "default_per_page", "schema_source", "closed"):
            out.append(f'   {one(k)}: {one(e[k])},')
        out.append('   "fields": {')
        names = list(e["fields"])
        for j, n in enumerate(names):
            out.append(f'    {one(n)}: {one(e["fields"][n])}' + ("," if j < len(names) - 1 else ""))
        out.append('   }')
        out.append('  }' + ("," if i < len(doc["endpoints"]) - 1 else ""))
    out.append(' ]')
    out.append('}')
    return "\n".join(out) + "\n"


def main():
    endpoints = []
    for name, op, source, how, closed in SERVED:
        spec = load(op)
        fields = {k: compact(v) for k, v in item_fields(source, how).items()}
        for k, v in DERIVED_EXTRA.get(name, {}).items():
            fields.setdefault(k, compact(v))
        if not fields:
            raise SystemExit(f"{name}: no item fields found in {source} ({how})")
        for k in ["id"] + NOT_NULL.get(name, []):
            if k not in fields:
                raise SystemExit(f"{name}: NOT_NULL field '{k}' is not in the schema of {source}")
            fields[k]["n"] = False
        paginated = any(p["name"] == "page" for p in spec.get("parameters", []))
        endpoints.append({
            "name": name, "operation": op, "path": spec["path"], "paginated": paginated,
            "default_per_page": per_page_default(op) if paginated else None,
            "schema_source": source if how in ("list", "single") else f"{source} ({how})",
            "closed": closed, "fields": fields,
        })
    doc = {
        "about": "Generated by scripts/gen-procore-contract.py from Procore's endpoint schemas; do not edit.",
        "requests": requests(),
        "endpoints": endpoints,
    }
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        f.write(render(doc))
    with open(RULES_OUTPUT, "w") as f:
        f.write(render_rules(doc["requests"]))
    print(f"wrote {len(endpoints)} endpoints and {len(doc['requests'])} requests to {os.path.relpath(OUTPUT)}; "
          f"parameter rules to {os.path.relpath(RULES_OUTPUT)}")


if __name__ == "__main__":
    main()
