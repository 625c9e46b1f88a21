/// `mapping.vendors`: how Procore vendors become Sage vendors.
public struct VendorMappingConfiguration: Sendable, Hashable, Codable {
    /// Allocate a new Sage vendor number when nothing else identifies the vendor.
    public var createMissing: Bool
    /// The scheme for new numbers (required when `createMissing`).
    public var numberScheme: VendorNumberScheme?
    /// Explicit pairs: Procore vendor id -> Sage VendorNo.
    public var table: [Int64: String]

    public init(createMissing: Bool = false, numberScheme: VendorNumberScheme? = nil, table: [Int64: String] = [:]) {
        self.createMissing = createMissing
        self.numberScheme = numberScheme
        self.table = table
    }
}
