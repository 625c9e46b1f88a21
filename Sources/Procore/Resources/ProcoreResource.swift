import Foundation

/// Whether a resource is listed once per company or once per project.
public enum ProcoreScope: String, Sendable, Hashable, Codable {
    case company
    case project
}

/// A child list fetched per parent record (e.g. a requisition's contract items).
public struct ProcoreChildEndpoint: Sendable, Hashable {
    /// The key the children are staged under, e.g. `contract_items`.
    public var name: String
    /// Builds the path for one parent, e.g. `/rest/v1.0/requisitions/42/contract_items`.
    public var pathTemplate: String

    /// The request path for the parent record `parentID`.
    public func path(parentID: Int64) -> String {
        pathTemplate.replacingOccurrences(of: "{id}", with: String(parentID))
    }
}

/// The Procore lists the connector pulls, with everything needed to request them.
public enum ProcoreResource: String, Sendable, Hashable, CaseIterable, Codable {
    case vendors
    case projects
    case costCodes = "cost_codes"
    case lineItemTypes = "line_item_types"
    case purchaseOrderContracts = "purchase_order_contracts"
    case workOrderContracts = "work_order_contracts"
    case requisitions
    case commitmentChangeOrders = "commitment_change_orders"
    case changeOrderPackages = "change_order_packages"
    case primeContracts = "prime_contracts"
    case paymentApplications = "payment_applications"
    case contractPayments = "contract_payments"
    case directCosts = "direct_costs"

    /// The name used for staging files and cursors, e.g. `requisitions`, `cost_codes`.
    public var stagedName: String { rawValue }

    /// Finds a resource by its staged name (`cost_codes`) or case name (`costCodes`).
    public init?(name: String) {
        if let r = ProcoreResource(rawValue: name) { self = r; return }
        guard let r = ProcoreResource.allCases.first(where: { "\($0)" == name }) else { return nil }
        self = r
    }

    /// Company-wide or per project.
    public var scope: ProcoreScope {
        switch self {
        case .vendors, .projects, .lineItemTypes: return .company
        default: return .project
        }
    }

    /// Whether the list endpoint accepts `filters[updated_at]=<from>...<to>` (per Procore's
    /// spec). Those without it are pulled whole and compared by content.
    public var supportsUpdatedAtFilter: Bool {
        switch self {
        case .costCodes, .lineItemTypes, .paymentApplications, .contractPayments: return false
        default: return true
        }
    }

    /// Whether the list endpoint accepts `filters[include_deleted]=with` to return deleted
    /// records too (they carry a non-null `deleted_at`).
    public var supportsIncludeDeleted: Bool {
        switch self {
        case .purchaseOrderContracts, .workOrderContracts, .changeOrderPackages: return true
        default: return false
        }
    }

    /// Whether Procore lists the resource once per commitment: `contract_payments` requires
    /// `contract_id` (its spec marks it required; Procore answers 400 without it).
    public var listedPerCommitment: Bool { self == .contractPayments }

    /// The list path and the query parameters its spec requires.
    ///
    /// - Parameters:
    ///   - projectID: required for project-scoped resources; for `line_item_types` (company-wide,
    ///     but the spec requires `project_id` too) any project of the company.
    ///   - contractID: the commitment, for resources listed per commitment (``listedPerCommitment``).
    public func listPath(companyID: Int64, projectID: Int64?, contractID: Int64? = nil) -> (path: String, query: [(String, String)]) {
        let p = projectID.map(String.init) ?? "0"
        switch self {
        case .vendors: return ("/rest/v1.0/vendors", [("company_id", String(companyID))])
        case .projects: return ("/rest/v1.0/projects", [("company_id", String(companyID))])
        case .lineItemTypes:
            return ("/rest/v1.0/line_item_types", [("company_id", String(companyID))] + (projectID.map { [("project_id", String($0))] } ?? []))
        case .costCodes: return ("/rest/v1.0/cost_codes", [("project_id", p)])
        case .purchaseOrderContracts: return ("/rest/v1.0/purchase_order_contracts", [("project_id", p)])
        case .workOrderContracts: return ("/rest/v1.0/work_order_contracts", [("project_id", p)])
        case .requisitions: return ("/rest/v1.1/requisitions", [("project_id", p)])
        case .commitmentChangeOrders: return ("/rest/v1.0/projects/\(p)/commitment_change_orders", [])
        case .changeOrderPackages: return ("/rest/v1.0/change_order_packages", [("project_id", p)])
        case .primeContracts: return ("/rest/v1.0/prime_contracts", [("project_id", p)])
        case .paymentApplications: return ("/rest/v1.0/payment_applications", [("project_id", p)])
        case .contractPayments:
            return ("/rest/v1.0/contract_payments", [("project_id", p)] + (contractID.map { [("contract_id", String($0))] } ?? []))
        case .directCosts: return ("/rest/v1.1/projects/\(p)/direct_costs", [])
        }
    }

    /// The single-record path and query, or nil when Procore has no show endpoint for the
    /// resource (then a one-id `filters[id]` list is used).
    public func recordPath(id: Int64, companyID: Int64, projectID: Int64?, contractID: Int64? = nil) -> (path: String, query: [(String, String)])? {
        let p = projectID.map(String.init) ?? "0"
        switch self {
        case .projects, .primeContracts: return nil
        case .lineItemTypes: return ("/rest/v1.0/line_item_types/\(id)", [("company_id", String(companyID))])
        case .contractPayments:
            // the show endpoint requires contract_id too: without it, list the payment by id
            guard let contractID else { return nil }
            return ("/rest/v1.0/contract_payments/\(id)", [("project_id", p), ("contract_id", String(contractID))])
        case .commitmentChangeOrders, .directCosts:
            let (list, q) = listPath(companyID: companyID, projectID: projectID)
            return ("\(list)/\(id)", q)
        case .requisitions: return ("/rest/v1.1/requisitions/\(id)", [("project_id", p)])
        default:
            let (list, q) = listPath(companyID: companyID, projectID: projectID)
            return ("\(list)/\(id)", q)
        }
    }

    /// Child lists fetched for each parent record.
    public var children: [ProcoreChildEndpoint] {
        switch self {
        case .purchaseOrderContracts:
            return [ProcoreChildEndpoint(name: "line_items", pathTemplate: "/rest/v1.0/purchase_order_contracts/{id}/line_items")]
        case .workOrderContracts:
            return [ProcoreChildEndpoint(name: "line_items", pathTemplate: "/rest/v1.0/work_order_contracts/{id}/line_items")]
        case .requisitions:
            return [
                ProcoreChildEndpoint(name: "contract_items", pathTemplate: "/rest/v1.0/requisitions/{id}/contract_items"),
                ProcoreChildEndpoint(name: "change_order_items", pathTemplate: "/rest/v1.0/requisitions/{id}/change_order_items"),
            ]
        default:
            return []
        }
    }
}
