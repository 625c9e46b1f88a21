/// The parts of a Procore vendor (company directory entry) the vendor mapping needs.
public struct ProcoreVendorRef: Sendable, Hashable, Codable {
    /// Procore vendor id.
    public var id: Int64
    /// Vendor name, for messages.
    public var name: String
    /// `origin_id`: the ERP identity recorded in Procore (a Sage vendor number when set by the
    /// connector or an earlier integration).
    public var originID: String?

    public init(id: Int64, name: String, originID: String? = nil) {
        self.id = id
        self.name = name
        self.originID = originID
    }

    /// "Procore vendor 5551234 (Acme Drywall)".
    public var label: String {
        let shownName = SafeText.shown(name.trimmingWhitespace, limit: 40)
        return shownName.isEmpty ? "Procore vendor \(id)" : "Procore vendor \(id) (\(shownName))"
    }
}
