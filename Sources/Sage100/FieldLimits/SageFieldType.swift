/// What kind of value a Sage field holds, and so how it is checked and written.
public enum SageFieldType: Sendable, Hashable, CustomStringConvertible {
    /// Free text (names, comments, addresses).
    case text
    /// A code or key (vendor number, terms code, account key): no leading or trailing spaces.
    case code
    /// A date written `YYYYMMDD`.
    case date
    /// A time written as decimal hours text, e.g. `"13.5"` for 13:30.
    case time
    /// `Y` or `N`.
    case flag
    /// A number with at most `precision` digits in all, `scale` of them after the point.
    /// `signed` says whether a minus sign is allowed.
    case numeric(precision: Int, scale: Int, signed: Bool)

    public var description: String {
        switch self {
        case .text: return "text"
        case .code: return "code"
        case .date: return "date YYYYMMDD"
        case .time: return "time (decimal hours)"
        case .flag: return "Y/N"
        case .numeric(let p, let s, let signed): return "numeric(\(p),\(s))" + (signed ? "" : " unsigned")
        }
    }
}
