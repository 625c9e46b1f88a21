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
        let (details, structure) = try await readStructure(agent, company: company)
        let accounts = try await agent.allGLAccounts()
        let vendors = try await agent.allVendors()
        let fetchedAt = Timestamp.string(from: Date(), milliseconds: true)
        try ledger.putReference(company: company, kind: Kind.accountStructure, json: try json(details), fetchedAt: fetchedAt)
        try ledger.putReference(company: company, kind: Kind.glAccounts, json: try json(accounts), fetchedAt: fetchedAt)
        try ledger.putReference(company: company, kind: Kind.vendors, json: try json(vendors), fetchedAt: fetchedAt)
        return ReferenceData(company: company, structure: structure, accounts: accounts, vendors: vendors, fetchedAt: fetchedAt)
    }
}

extension ReferenceData {
    /// What ``refreshChanges(using:ledger:company:)`` read.
    public struct ChangeRead: Sendable, Equatable {
        public var data: ReferenceData
        /// GL accounts and vendors the agent sent (changed ones, or all on a first read).
        public var accountsRead: Int
        public var vendorsRead: Int
        /// Where the read started (`updated_since` of the vendors or accounts, the older of the
        /// two); nil when everything was read.
        public var since: String?
    }

    /// Brings the cached reference data up to date at the cost of what changed in Sage: the
    /// account structure (one small read), then only the GL accounts and vendors Sage stamped
    /// (`DateUpdated`/`TimeUpdated`) at or after the newest stamp already cached, merged into
    /// the cache by key. Without a cache, or a cache without stamps, everything is read.
    /// A record deleted in Sage leaves no stamp to read: the full refresh of every pay cycle
    /// (``refresh(using:ledger:company:)``) drops it.
    public static func refreshChanges(using agent: any SageAgent, ledger: Ledger, company: String) async throws -> ChangeRead {
        guard let cached = try? load(from: ledger, company: company) else {
            let data = try await refresh(using: agent, ledger: ledger, company: company)
            return ChangeRead(data: data, accountsRead: data.accounts.count, vendorsRead: data.vendors.count, since: nil)
        }
        let (details, structure) = try await readStructure(agent, company: company)
        let accountsSince = newestStamp(cached.accounts.map { ($0.dateUpdated, $0.timeUpdated) })
        let vendorsSince = newestStamp(cached.vendors.map { ($0.dateUpdated, $0.timeUpdated) })
        let changedAccounts = try await agent.glAccounts(updatedSince: accountsSince)
        let changedVendors = try await agent.vendors(updatedSince: vendorsSince)

        var accounts = accountsSince == nil ? [:] : Dictionary(cached.accounts.map { ($0.accountKey, $0) }, uniquingKeysWith: { $1 })
        for account in changedAccounts { accounts[account.accountKey] = account }
        struct VendorKey: Hashable { var division: String; var number: String }
        var vendors = vendorsSince == nil ? [:]
            : Dictionary(cached.vendors.map { (VendorKey(division: $0.apDivisionNo, number: $0.vendorNo), $0) }, uniquingKeysWith: { $1 })
        for vendor in changedVendors { vendors[VendorKey(division: vendor.apDivisionNo, number: vendor.vendorNo)] = vendor }
        // The agent's order: accounts by AccountKey, vendors by division then number.
        let mergedAccounts = accounts.values.sorted { $0.accountKey < $1.accountKey }
        let mergedVendors = vendors.values.sorted { ($0.apDivisionNo, $0.vendorNo) < ($1.apDivisionNo, $1.vendorNo) }

        let fetchedAt = Timestamp.string(from: Date(), milliseconds: true)
        try ledger.putReference(company: company, kind: Kind.accountStructure, json: try json(details), fetchedAt: fetchedAt)
        if !changedAccounts.isEmpty || accountsSince == nil {
            try ledger.putReference(company: company, kind: Kind.glAccounts, json: try json(mergedAccounts), fetchedAt: fetchedAt)
        }
        if !changedVendors.isEmpty || vendorsSince == nil {
            try ledger.putReference(company: company, kind: Kind.vendors, json: try json(mergedVendors), fetchedAt: fetchedAt)
        }
        let since = [accountsSince, vendorsSince].compactMap { $0 }.min()
        return ChangeRead(
            data: ReferenceData(company: company, structure: structure, accounts: mergedAccounts, vendors: mergedVendors, fetchedAt: fetchedAt),
            accountsRead: changedAccounts.count, vendorsRead: changedVendors.count,
            since: accountsSince == nil || vendorsSince == nil ? nil : since?.description)
    }

    /// The account structure as the agent sends it, and parsed.
    static func readStructure(_ agent: any SageAgent, company: String) async throws -> (AgentAccountStructure, AccountStructure) {
        let details = try await agent.accountStructureDetails()
        do {
            return (details, try AccountStructure(mask: details.mask))
        } catch {
            throw ReferenceDataError.unreadable(company: company, kind: Kind.accountStructure, reason: "\(error)")
        }
    }

    /// A cached part as stored: keys sorted, so the same data is the same text.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The newest Sage change stamp among `stamps` (nil when none carries a date).
    static func newestStamp(_ stamps: [(SageDate?, String)]) -> SageUpdatedSince? {
        stamps.compactMap { date, time -> SageUpdatedSince? in
            guard let date else { return nil }
            let hours = time.trimmingCharacters(in: .whitespaces)
            return SageUpdatedSince(date: date.yyyymmdd, hours: hours.isEmpty ? nil : hours)
                ?? SageUpdatedSince(date: date.yyyymmdd)
        }.max()
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
