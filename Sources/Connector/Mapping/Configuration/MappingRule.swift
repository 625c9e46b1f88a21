/// One entry of `mapping.rules`: conditions on the cost code and cost type, and the account to
/// use when they all hold. Rules are tried in order after the CSV rows; the first match wins.
public struct MappingRule: Sendable, Hashable, Codable {
    /// 1-based position in `mapping.rules` (shown as "rule 2").
    public var number: Int
    /// The cost code must equal this (case-insensitive).
    public var costCode: String?
    /// The cost code must start with this (case-insensitive).
    public var costCodePrefix: String?
    /// The cost code must match this pattern: `*` any run of characters, `?` one character.
    public var costCodePattern: String?
    /// The cost type must equal this (case-insensitive).
    public var costType: String?
    /// The account, possibly with placeholders.
    public var account: AccountTemplate
    /// Line of the rule in the configuration file, when known.
    public var line: Int?

    public init(number: Int, costCode: String? = nil, costCodePrefix: String? = nil, costCodePattern: String? = nil,
                costType: String? = nil, account: AccountTemplate, line: Int? = nil) {
        self.number = number
        self.costCode = costCode
        self.costCodePrefix = costCodePrefix
        self.costCodePattern = costCodePattern
        self.costType = costType
        self.account = account
        self.line = line
    }

    /// Whether the rule applies to `costCode` with `costType` (nil = the line has no type; a rule
    /// that asks for a type does not match it).
    public func matches(costCode code: String, costType type: String?) -> Bool {
        let codeKey = MatchKey.code(code)
        if let costCode, MatchKey.code(costCode) != codeKey { return false }
        if let costCodePrefix, !codeKey.hasPrefix(MatchKey.code(costCodePrefix)) { return false }
        if let costCodePattern, !Glob.matches(pattern: MatchKey.code(costCodePattern), codeKey) { return false }
        if let costType, MatchKey.type(costType) != MatchKey.type(type) { return false }
        return true
    }

    /// The conditions in words, e.g. "cost_code_prefix 03- and cost_type S".
    public var conditionText: String {
        var parts: [String] = []
        if let costCode { parts.append("cost_code \(costCode)") }
        if let costCodePrefix { parts.append("cost_code_prefix \(costCodePrefix)") }
        if let costCodePattern { parts.append("cost_code_pattern \(costCodePattern)") }
        if let costType { parts.append("cost_type \(costType)") }
        return parts.joined(separator: " and ")
    }
}

/// Shell-style wildcard matching: `*` any run of characters (also none), `?` exactly one.
enum Glob {
    static func matches(pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
