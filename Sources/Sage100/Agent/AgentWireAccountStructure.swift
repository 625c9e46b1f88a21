/// `GET /v1/companies/{code}/account-structure`: the company's GL account mask.
public struct AgentAccountStructure: Codable, Sendable, Equatable {
    /// The mask, e.g. "####-##-##" (`#` numeric, `A` alphanumeric, separators `-`, `.`, ` `).
    public var mask: String
    public var segments: [AgentAccountSegment]

    public init(mask: String, segments: [AgentAccountSegment]) {
        self.mask = mask
        self.segments = segments
    }
}

/// One segment of the account structure.
public struct AgentAccountSegment: Codable, Sendable, Equatable {
    /// 1-based; segment 1 is the main account.
    public var number: Int
    public var length: Int
    /// Numeric segments are zero-filled.
    public var numeric: Bool
    /// Separator written after this segment in the formatted account (nil for the last).
    public var separator: String?

    public init(number: Int, length: Int, numeric: Bool, separator: String?) {
        self.number = number
        self.length = length
        self.numeric = numeric
        self.separator = separator
    }
}
