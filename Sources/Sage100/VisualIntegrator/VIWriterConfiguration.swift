/// What the Visual Integrator writer does with characters Windows-1252 cannot hold.
public enum VIUnmappablePolicy: String, Sendable, Hashable, Codable {
    /// Replace with the closest Windows-1252 text ("ł" -> "l", "→" -> "->") and report each
    /// replacement; a character with no replacement (e.g. CJK) is still an error.
    case transliterate
    /// Refuse the batch, naming record, field and character.
    case reject
}

/// Options of `VIBatchWriter`.
public struct VIWriterConfiguration: Sendable, Hashable {
    /// Characters outside Windows-1252: transliterate (default) or reject.
    public var unmappable: VIUnmappablePolicy
    /// Check every row against `SageFieldLimits` and the cross-field rules before writing.
    public var validate: Bool

    public init(unmappable: VIUnmappablePolicy = .transliterate, validate: Bool = true) {
        self.unmappable = unmappable
        self.validate = validate
    }
}
