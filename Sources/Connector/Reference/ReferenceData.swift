import Foundation
import Ledger
import Sage100

/// Sage 100's reference data for one company, as the transform checks documents against it:
/// the GL account structure, the GL accounts (every status) and the AP vendors.
///
/// Load it from the ledger's reference cache with ``load(from:company:)``, or read it from the
/// agent and cache it with ``refresh(using:ledger:company:)``. Tests build one in memory.
public struct ReferenceData: Sendable, Equatable {
    /// Sage company code.
    public var company: String
    public var structure: AccountStructure
    public var accounts: [GLAccount]
    public var vendors: [APVendor]
    /// When the oldest part was fetched (ISO 8601 UTC), nil for data built in memory.
    public var fetchedAt: String?

    public init(company: String, structure: AccountStructure, accounts: [GLAccount], vendors: [APVendor],
                fetchedAt: String? = nil) {
        self.company = company
        self.structure = structure
        self.accounts = accounts
        self.vendors = vendors
        self.fetchedAt = fetchedAt
    }

    /// Reference-cache kinds.
    public enum Kind {
        public static let accountStructure = "account-structure"
        public static let glAccounts = "gl-accounts"
        public static let vendors = "vendors"
    }

    /// `VendorNo`s of Sage's vendors in `division`.
    public func vendorNumbers(division: String) -> Set<String> {
        Set(vendors.filter { $0.apDivisionNo == division }.map(\.vendorNo))
    }

    /// Reads the cached reference data of `company`.
    /// Throws ``ReferenceDataError/notCached(company:kind:)`` when a part was never fetched.
    public static func load(from ledger: Ledger, company: String) throws -> ReferenceData {
        func cached(_ kind: String) throws -> CachedReference {
            guard let entry = try ledger.reference(company: company, kind: kind) else {
                throw ReferenceDataError.notCached(company: company, kind: kind)
            }
            return entry
        }
        let structureEntry = try cached(Kind.accountStructure)
        let accountsEntry = try cached(Kind.glAccounts)
        let vendorsEntry = try cached(Kind.vendors)
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ entry: CachedReference) throws -> T {
            do {
                return try decoder.decode(T.self, from: Data(entry.json.utf8))
            } catch {
                throw ReferenceDataError.unreadable(company: company, kind: entry.kind, reason: "\(error)")
            }
        }
        let details = try decode(AgentAccountStructure.self, structureEntry)
        let structure: AccountStructure
        do {
            structure = try AccountStructure(mask: details.mask)
        } catch {
            throw ReferenceDataError.unreadable(company: company, kind: Kind.accountStructure, reason: "\(error)")
        }
        let oldest = [structureEntry.fetchedAt, accountsEntry.fetchedAt, vendorsEntry.fetchedAt].min()
        return ReferenceData(company: company, structure: structure,
                             accounts: try decode([GLAccount].self, accountsEntry),
                             vendors: try decode([APVendor].self, vendorsEntry), fetchedAt: oldest)
    }

    /// Reads the account structure, every GL account and every vendor from the agent, stores
    /// them in the ledger's reference cache (replacing what was there) and returns them.
    public static func refresh(using agent: any SageAgent, ledger: Ledger, company: String) async throws -> ReferenceData {
        let details = try await agent.accountStructureDetails()
        let structure: AccountStructure
        do {
            structure = try AccountStructure(mask: details.mask)
        } catch {
            throw ReferenceDataError.unreadable(company: company, kind: Kind.accountStructure, reason: "\(error)")
        }
        let accounts = try await agent.allGLAccounts()
        let vendors = try await agent.allVendors()
        let fetchedAt = Timestamp.string(from: Date(), milliseconds: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        try ledger.putReference(company: company, kind: Kind.accountStructure, json: try json(details), fetchedAt: fetchedAt)
        try ledger.putReference(company: company, kind: Kind.glAccounts, json: try json(accounts), fetchedAt: fetchedAt)
        try ledger.putReference(company: company, kind: Kind.vendors, json: try json(vendors), fetchedAt: fetchedAt)
        return ReferenceData(company: company, structure: structure, accounts: accounts, vendors: vendors, fetchedAt: fetchedAt)
    }
}

/// Why reference data is not available, with what to do.
public enum ReferenceDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ledger has never cached this part for the company.
    case notCached(company: String, kind: String)
    /// The cached JSON could not be read.
    case unreadable(company: String, kind: String, reason: String)

    public var description: String {
        switch self {
        case .notCached(let company, let kind):
            return "no Sage reference data '\(kind)' is cached for company \(company); read it from the agent first (`ml-connector transform --refresh`, or a run with the agent reachable)"
        case .unreadable(let company, let kind, let reason):
            return "the cached Sage reference data '\(kind)' of company \(company) cannot be read (\(reason)); refresh it from the agent"
        }
    }
}
