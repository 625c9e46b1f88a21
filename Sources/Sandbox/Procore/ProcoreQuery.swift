import Foundation

/// A request's query string: decoded pairs for lookups, raw pairs to rebuild `Link` URLs
/// with every parameter kept as the client sent it.
struct ProcoreQuery: Sendable {
    /// (raw name, raw value) as received, in order.
    let raw: [(name: String, value: String)]
    /// (decoded name, decoded value), in order.
    let pairs: [(name: String, value: String)]

    init(_ query: String?) {
        var raw: [(String, String)] = []
        var pairs: [(String, String)] = []
        for part in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(kv[0])
            let value = kv.count > 1 ? String(kv[1]) : ""
            raw.append((name, value))
            pairs.append((Self.decode(name), Self.decode(value)))
        }
        self.raw = raw
        self.pairs = pairs
    }

    /// Form decoding: `+` is a space, `%XX` a byte.
    static func decode(_ s: String) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of `name`.
    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value given as `name` or `name[]`, comma lists and `[1,2]` forms split apart.
    func list(_ name: String) -> [String] {
        var out: [String] = []
        for (n, v) in pairs where n == name || n == name + "[]" {
            var text = Substring(v)
            if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
            out += text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }
        return out
    }

    func has(_ name: String) -> Bool { pairs.contains { $0.name == name || $0.name == name + "[]" } }

    /// `raw` with `page` set to `page` (appended when absent), as a query string.
    func with(page: Int) -> String {
        var parts: [String] = []
        var replaced = false
        for (n, v) in raw {
            if Self.decode(n) == "page" {
                if !replaced { parts.append("page=\(page)"); replaced = true }
            } else {
                parts.append(v.isEmpty && !n.isEmpty ? "\(n)=" : "\(n)=\(v)")
            }
        }
        if !replaced { parts.append("page=\(page)") }
        return parts.joined(separator: "&")
    }
}

/// A client error in a request, answered 4xx with a message naming the parameter.
struct ProcoreRequestError: Error, Sendable {
    var status: Int
    var message: String
}

/// Parses the standard filters a list endpoint accepts.
struct ProcoreFilters: Sendable {
    enum Deleted { case hide, only, with }
    var ids: Set<Int64>?
    var updatedAt: ClosedRange<Int64>?
    var createdAt: ClosedRange<Int64>?
    var status: Set<String>?
    var commitmentIDs: Set<Int64>?
    var contractIDs: Set<Int64>?
    var vendorIDs: Set<Int64>?
    var originID: String?
    var deleted: Deleted = .hide
    /// Sort key (`id`, `updated_at`, `created_at`, `name`) and direction.
    var sortKey = "id"
    var descending = false

    init(_ q: ProcoreQuery) throws {
        ids = try Self.idSet(q, "filters[id]")
        updatedAt = try Self.range(q, "filters[updated_at]")
        createdAt = try Self.range(q, "filters[created_at]")
        let statuses = q.list("filters[status]")
        status = statuses.isEmpty ? nil : Set(statuses)
        commitmentIDs = try Self.idSet(q, "filters[commitment_id]")
        contractIDs = try Self.idSet(q, "filters[contract_id]") ?? Self.idSet(q, "contract_id")
        vendorIDs = try Self.idSet(q, "filters[vendor_id]")
        originID = q.first("filters[origin_id]")
        switch q.first("filters[include_deleted]") {
        case nil, "": deleted = .hide
        case "only": deleted = .only
        case "with": deleted = .with
        case let other?:
            throw ProcoreRequestError(status: 400, message: "filters[include_deleted] '\(other)' is not allowed: use 'only' or 'with'")
        }
        if let sort = q.first("sort"), !sort.isEmpty {
            descending = sort.hasPrefix("-")
            let key = descending ? String(sort.dropFirst()) : sort
            guard ["id", "updated_at", "created_at", "name", "display_name"].contains(key) else {
                throw ProcoreRequestError(status: 400, message: "sort '\(sort)' is not supported: use id, created_at or updated_at, with '-' for descending")
            }
            sortKey = key
        }
    }

    static func idSet(_ q: ProcoreQuery, _ name: String) throws -> Set<Int64>? {
        let values = q.list(name)
        guard !values.isEmpty else { return nil }
        var out = Set<Int64>()
        for v in values {
            guard let id = Int64(v) else {
                throw ProcoreRequestError(status: 400, message: "\(name) value '\(v)' is not an integer id")
            }
            out.insert(id)
        }
        return out
    }

    /// `FROM...TO`, each an ISO 8601 date or datetime, both inclusive (a date `TO` covers the whole day).
    static func range(_ q: ProcoreQuery, _ name: String) throws -> ClosedRange<Int64>? {
        guard let text = q.first(name), !text.isEmpty else { return nil }
        let bad = ProcoreRequestError(status: 400, message:
            "\(name) '\(text)' is not a valid range: use FROM...TO with ISO 8601 dates or datetimes, e.g. 2026-01-01T00:00:00Z...2026-01-31T23:59:59Z")
        let parts = text.components(separatedBy: "...")
        guard parts.count <= 2 else { throw bad }
        guard let from = ProcoreTime.parse(parts[0]) else { throw bad }
        let toText = parts.count == 2 ? parts[1] : parts[0]
        guard let to = ProcoreTime.parse(toText) else { throw bad }
        let upper = to.dateOnly ? to.ms + ProcoreTime.msPerDay - 1 : to.ms
        guard from.ms <= upper else { throw bad }
        return from.ms...upper
    }
}
