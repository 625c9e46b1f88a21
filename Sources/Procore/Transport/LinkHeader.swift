/// Parses RFC 8288 `Link` headers as Procore sends them:
/// `<https://api.procore.com/rest/v1.0/projects?page=2&per_page=100>; rel="next", <...>; rel="last"`.
public enum LinkHeader {
    /// Every link of the given header values, as `(url, rels)` in order. URLs may contain
    /// commas and semicolons (inside `<...>`), rel values may be quoted or not and may list
    /// several relations separated by spaces.
    public static func links(_ values: [String]) -> [(url: String, rels: [String])] {
        var out: [(url: String, rels: [String])] = []
        for value in values {
            var chars = Substring(value)
            while true {
                guard let open = chars.firstIndex(of: "<") else { break }
                guard let close = chars[open...].firstIndex(of: ">") else { break }
                let url = String(chars[chars.index(after: open)..<close])
                // Parameters run until the next ',' that is outside quotes.
                var rest = chars[chars.index(after: close)...]
                var params = Substring()
                var inQuotes = false
                var end = rest.endIndex
                for i in rest.indices {
                    let c = rest[i]
                    if c == "\"" { inQuotes.toggle() }
                    if c == "," && !inQuotes { end = i; break }
                }
                params = rest[rest.startIndex..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[rest.endIndex...]
                var rels: [String] = []
                for param in params.split(separator: ";") {
                    let parts = param.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2,
                          parts[0].trimmedSpaces.lowercased() == "rel" else { continue }
                    var v = parts[1].trimmedSpaces
                    if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                    rels += v.split(separator: " ").map { $0.lowercased() }
                }
                out.append((url: url.trimmedSpaces, rels: rels))
                chars = rest
            }
        }
        return out
    }

    /// The URL with relation `rel` (e.g. `next`), or nil when there is none.
    public static func url(rel: String, in values: [String]) -> String? {
        let wanted = rel.lowercased()
        return links(values).first(where: { $0.rels.contains(wanted) })?.url
    }
}

private extension StringProtocol {
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
