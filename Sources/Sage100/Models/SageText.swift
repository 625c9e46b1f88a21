/// Small text helpers shared by error messages and validation.
public enum SageText {
    /// Longest value shown in a message before it is cut.
    public static let shownLimit = 40

    /// `value` as it may appear in a message: cut to `limit` characters with an ellipsis and
    /// the full length, and control characters made visible (`\n`, `\r`, `\t`, `\u{..}`).
    public static func shown(_ value: String, limit: Int = shownLimit) -> String {
        var visible = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": visible += "\\n"
            case "\r": visible += "\\r"
            case "\t": visible += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    visible += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    visible.unicodeScalars.append(scalar)
                }
            }
        }
        guard visible.count > limit else { return visible }
        return String(visible.prefix(limit)) + "… (\(value.count) characters)"
    }
}
