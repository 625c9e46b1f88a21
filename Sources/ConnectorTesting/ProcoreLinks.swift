import Foundation

/// The rel -> URL pairs of a `Link` header.
public struct ProcoreLinks: Sendable {
    public var rels: [String: String] = [:]
    public init(_ header: String?) {
        for part in (header ?? "").components(separatedBy: ", <") {
            let p = part.hasPrefix("<") ? String(part.dropFirst()) : part
            guard let close = p.firstIndex(of: ">"), let relRange = p.range(of: "rel=\"") else { continue }
            let rel = p[relRange.upperBound...].prefix { $0 != "\"" }
            rels[String(rel)] = String(p[..<close])
        }
    }
    public var next: String? { rels["next"] }
    public var prev: String? { rels["prev"] }
    public var first: String? { rels["first"] }
    public var last: String? { rels["last"] }
}

/// Parses `page` out of a URL's query.
public func pageNumber(_ url: String?) -> Int? {
    guard let url, let comps = URLComponents(string: url) else { return nil }
    return comps.queryItems?.first { $0.name == "page" }?.value.flatMap(Int.init)
}
