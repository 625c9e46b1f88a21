import Ledger

/// Read access to the identity map (Procore id <-> Sage key per resource) for one Sage company.
///
/// Resources are ``SageDocumentKind`` raw values (`vendors`, `purchase-orders`, `ap-invoices`).
/// Sage keys are stored as the Sage models form them: vendors `APDivisionNo + VendorNo`,
/// AP invoices `APDivisionNo + VendorNo + InvoiceNo`, purchase orders `PurchaseOrderNo`.
public protocol IdentityLookup: Sendable {
    /// The Sage key paired with a Procore object, if any.
    func sageKey(resource: String, procoreID: Int64) throws -> String?
    /// The Procore object paired with a Sage key, if any.
    func procoreID(resource: String, sageKey: String) throws -> Int64?
}

/// An identity map held in memory (tests, dry runs, or a snapshot read once).
public struct IdentitySnapshot: IdentityLookup, Sendable, Hashable {
    var forward: [String: [Int64: String]]
    var backward: [String: [String: Int64]]

    public init() {
        forward = [:]
        backward = [:]
    }

    /// Builds a snapshot from pairs per resource.
    public init(_ pairs: [String: [Int64: String]]) {
        self.init()
        for (resource, map) in pairs {
            for (id, key) in map { put(resource: resource, procoreID: id, sageKey: key) }
        }
    }

    /// Adds a pair (replacing any earlier pair for either side).
    public mutating func put(resource: String, procoreID: Int64, sageKey: String) {
        if let old = forward[resource]?[procoreID] { backward[resource]?[old] = nil }
        if let oldID = backward[resource]?[sageKey] { forward[resource]?[oldID] = nil }
        forward[resource, default: [:]][procoreID] = sageKey
        backward[resource, default: [:]][sageKey] = procoreID
    }

    public func sageKey(resource: String, procoreID: Int64) -> String? { forward[resource]?[procoreID] }
    public func procoreID(resource: String, sageKey: String) -> Int64? { backward[resource]?[sageKey] }
}

/// The ledger's identity map for one Sage company.
public struct LedgerIdentityLookup: IdentityLookup {
    public let ledger: Ledger
    /// Sage company code.
    public let company: String

    public init(ledger: Ledger, company: String) {
        self.ledger = ledger
        self.company = company
    }

    public func sageKey(resource: String, procoreID: Int64) throws -> String? {
        try ledger.sageKey(company: company, resource: resource, procoreID: procoreID)
    }

    public func procoreID(resource: String, sageKey: String) throws -> Int64? {
        try ledger.procoreID(company: company, resource: resource, sageKey: sageKey)
    }
}

/// Identity-map pairs made by a resolver or allocator that the caller must record in the
/// ledger (`Ledger.putIdentity`) once the run commits to them.
public struct IdentityAllocation: Sendable, Hashable, Codable {
    /// `vendors`, `purchase-orders`, `ap-invoices`.
    public var resource: String
    public var procoreID: Int64
    /// The Sage key in the identity map's form.
    public var sageKey: String
    /// Why this key was chosen, for the audit trail.
    public var reason: String

}
