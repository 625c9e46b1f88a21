/// One user-defined or extra Sage field, sent as `OtherFields/Field{MasFieldName, Value}`
/// (e.g. `UDF_PROCORE_ID`).
public struct EBusinessField: Sendable, Equatable, Hashable, Codable {
    /// Sage field name as Sage spells it (`UDF_PROCORE_ID`).
    public var masFieldName: String
    /// The value, as text.
    public var value: String

    public init(masFieldName: String, value: String) {
        self.masFieldName = masFieldName
        self.value = value
    }
}
