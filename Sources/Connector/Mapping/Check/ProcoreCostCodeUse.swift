/// A Procore cost code as seen on a project (from `GET /rest/v1.0/cost_codes?project_id=`),
/// with a cost type when the line that uses it has one.
public struct ProcoreCostCodeUse: Sendable, Hashable, Codable {
    public var projectID: Int64
    /// `full_code`, e.g. `03-100`.
    public var costCode: String
    /// `name`, e.g. `Concrete Forming`.
    public var name: String
    /// Line item type code (`S`, `L`, `M`, …), or nil.
    public var costType: String?

    public init(projectID: Int64, costCode: String, name: String = "", costType: String? = nil) {
        self.projectID = projectID
        self.costCode = costCode
        self.name = name
        self.costType = costType
    }
}
