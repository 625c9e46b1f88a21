/// One column of a Visual Integrator record type.
public struct VIColumn: Sendable, Hashable {
    /// 1-based column number in the row. Column 1 is always the record type.
    public let number: Int
    /// The record type of the rows this column belongs to.
    public let level: SageRecordLevel
    /// Sage field name, or `RecordType` for column 1.
    public let field: String
    /// How the value is written.
    public let format: VIFieldFormat
    /// The field's limits (nil for the record type column).
    public let limit: SageFieldLimit?

    /// The name a VI job definition uses: `H.VendorNo`, `L.AccountKey`, `LL.DistributionAmt`.
    public var jobFieldName: String { "\(level.recordType).\(field)" }
}
