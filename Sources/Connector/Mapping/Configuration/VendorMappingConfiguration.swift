/// `mapping.vendors`: how Procore vendors become Sage vendors.
public struct VendorMappingConfiguration: Sendable, Hashable, Codable {
    /// Allocate a new Sage vendor number when nothing else identifies the vendor.
    public var createMissing: Bool
    /// The scheme for new numbers (required when `createMissing`).
    public var numberScheme: VendorNumberScheme?
    /// Explicit pairs: Procore vendor id -> Sage VendorNo.
    public var table: [Int64: String]
    /// `sync_to_procore`: the reference exchange puts every Sage vendor into Procore's company
    /// directory with its Sage key as origin_id (``VendorExchange``). Off by default: it writes
    /// to the customer's Procore directory.
    public var syncToProcore: Bool

    public init(createMissing: Bool = false, numberScheme: VendorNumberScheme? = nil, table: [Int64: String] = [:],
                syncToProcore: Bool = false) {
        self.createMissing = createMissing
        self.numberScheme = numberScheme
        self.table = table
        self.syncToProcore = syncToProcore
    }

    enum CodingKeys: String, CodingKey { case createMissing, numberScheme, table, syncToProcore }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        createMissing = try c.decode(Bool.self, forKey: .createMissing)
        numberScheme = try c.decodeIfPresent(VendorNumberScheme.self, forKey: .numberScheme)
        table = try c.decode([Int64: String].self, forKey: .table)
        syncToProcore = try c.decodeIfPresent(Bool.self, forKey: .syncToProcore) ?? false
    }
}
