import Foundation
import HTTP

extension SageAgentClient {
    /// Pages of a reference or read-back read, one request per page, following `next_cursor`
    /// until the agent says there is no more.
    public nonisolated func pages<Item: Decodable & Sendable>(
        _ resource: String, of type: Item.Type = Item.self, query: [(String, String?)] = [],
        pageLimit: Int = AgentWire.defaultPageLimit
    ) -> SageAgentPages<Item> {
        SageAgentPages(client: self, resource: resource, query: query,
                       pageLimit: min(max(1, pageLimit), AgentWire.maxPageLimit))
    }

    /// Every item of a paged read, collected.
    public func collect<Item: Decodable & Sendable>(
        _ resource: String, of type: Item.Type = Item.self, query: [(String, String?)] = []
    ) async throws -> [Item] {
        var all: [Item] = []
        for try await page in pages(resource, of: type, query: query) {
            all.append(contentsOf: page)
        }
        return all
    }

    /// One page: `GET /v1/companies/{code}/{resource}?…&cursor=&limit=`.
    func page<Item: Decodable & Sendable>(_ resource: String, of type: Item.Type, query: [(String, String?)],
                                          cursor: String?, limit: Int) async throws -> AgentPage<Item> {
        let url = Self.url("\(configuration.companyURL)/\(resource)",
                           query: query + [("cursor", cursor), ("limit", String(limit))])
        let response = try await send(.get, url: url)
        if Item.self == AgentPostedDocument.self {
            // Whole Sage documents: read through the scanner, not Codable (see `scanned`).
            guard response.isSuccess else { throw error(for: response, request: "GET \(resource)") }
            do {
                return try AgentPage<AgentPostedDocument>.scanned(response.body) as! AgentPage<Item>
            } catch {
                throw SageAgentError.invalidResponse(request: "GET \(resource)", detail: error.description)
            }
        }
        return try decode(AgentPage<Item>.self, from: response, request: "GET \(resource)")
    }

    // MARK: - Reference data (Sage to connector)

    /// `GET …/vendors`: AP vendors changed since `updatedSince` (all when nil), every page.
    /// Items carry Sage's field names (`APDivisionNo`, `VendorNo`, `VendorName`, …).
    public func vendors<Item: Decodable & Sendable>(updatedSince: SageUpdatedSince? = nil,
                                                    as type: Item.Type) async throws -> [Item] {
        try await collect("vendors", of: type, query: [("updated_since", updatedSince?.description)])
    }

    /// `GET …/gl-accounts`: GL accounts changed since `updatedSince` (all when nil), every page.
    public func glAccounts<Item: Decodable & Sendable>(updatedSince: SageUpdatedSince? = nil,
                                                       as type: Item.Type) async throws -> [Item] {
        try await collect("gl-accounts", of: type, query: [("updated_since", updatedSince?.description)])
    }

    /// `GET …/vendors` as ``APVendor`` models.
    public func vendors(updatedSince: SageUpdatedSince? = nil) async throws -> [APVendor] {
        try await vendors(updatedSince: updatedSince, as: APVendor.self)
    }

    /// `GET …/gl-accounts` as ``GLAccount`` models (every status: A, I, D).
    public func glAccounts(updatedSince: SageUpdatedSince? = nil) async throws -> [GLAccount] {
        try await glAccounts(updatedSince: updatedSince, as: GLAccount.self)
    }

    /// `GET …/account-structure`: the company's GL account mask and segments as the agent sends them.
    public func accountStructureDetails() async throws -> AgentAccountStructure {
        let response = try await send(.get, url: "\(configuration.companyURL)/account-structure")
        return try decode(AgentAccountStructure.self, from: response, request: "GET account-structure")
    }

    /// The company's GL account structure, parsed from the agent's mask (e.g. `####-##-##`).
    public func accountStructure() async throws -> AccountStructure {
        let details = try await accountStructureDetails()
        do {
            return try AccountStructure(mask: details.mask)
        } catch {
            throw SageAgentError.invalidResponse(request: "GET account-structure",
                                                 detail: "mask '\(details.mask.prefix(60))' is not a valid account structure: \(error)")
        }
    }

    // MARK: - Read-back (reconciliation)

    /// `GET …/ap-invoices`: AP invoices posted in `batch` and/or updated since `since`.
    public func apInvoices(batch: String? = nil, since: SageUpdatedSince? = nil) async throws -> [AgentPostedDocument] {
        try await readBack(.apInvoices, batch: batch, since: since)
    }

    /// `GET …/purchase-orders`: purchase orders posted in `batch` and/or updated since `since`.
    public func purchaseOrders(batch: String? = nil, since: SageUpdatedSince? = nil) async throws -> [AgentPostedDocument] {
        try await readBack(.purchaseOrders, batch: batch, since: since)
    }

    /// `GET …/gl-entries`: GL journal entries posted in `batch` and/or updated since `since`.
    public func glEntries(batch: String? = nil, since: SageUpdatedSince? = nil) async throws -> [AgentPostedDocument] {
        try await readBack(.glEntries, batch: batch, since: since)
    }

    /// `GET …/manual-checks`: AP manual checks posted in `batch` and/or updated since `since`.
    public func manualChecks(batch: String? = nil, since: SageUpdatedSince? = nil) async throws -> [AgentPostedDocument] {
        try await readBack(.manualChecks, batch: batch, since: since)
    }

    /// Read-back of any document kind (vendors excluded: read those with ``vendors(updatedSince:as:)``).
    public func readBack(_ kind: SageDocumentKind, batch: String? = nil,
                         since: SageUpdatedSince? = nil) async throws -> [AgentPostedDocument] {
        try await collect(kind.rawValue, of: AgentPostedDocument.self,
                          query: [("batch", batch), ("since", since?.description)])
    }
}
