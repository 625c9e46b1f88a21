import Foundation
import Procore

/// The in-memory ``ProcoreSource``, for fast unit tests of the pull's logic (paging shifts,
/// failures, de-duplication). Integration tests use the real client against the sandbox.
public final class InMemoryProcoreSource: ProcoreSource, @unchecked Sendable {
    public struct Item: Sendable {
        public var id: Int64
        public var updatedAt: String
        public var body: String

        public init(id: Int64, updatedAt: String, body: String) {
            self.id = id
            self.updatedAt = updatedAt
            self.body = body
        }
    }

    public init() {}

    private let lock = NSLock()
    public var perPage = 2
    /// Records per (resource, project) key.
    public var items: [String: [Item]] = [:]
    public var projectIDs: [Int64] = [1, 2]
    /// (resource, project) keys that throw this error.
    public var failures: [String: ProcoreError] = [:]
    /// Called before each page is served (page number, key): lets tests change data mid-listing.
    public var beforePage: (@Sendable (Int, String) -> Void)?
    public private(set) var listCalls: [String] = []
    public private(set) var childCalls = 0
    /// Windows received per key.
    public private(set) var windows: [String: [(String, String)?]] = [:]

    public static func key(_ resource: ProcoreResource, _ project: Int64?) -> String {
        "\(resource.stagedName)|\(project.map(String.init) ?? "-")"
    }

    public func set(_ resource: ProcoreResource, project: Int64?, _ records: [Item]) {
        lock.withLock { items[Self.key(resource, project)] = records }
    }

    public func mutate(_ body: (InMemoryProcoreSource) -> Void) { lock.withLock { body(self) } }

    public static func raw(_ item: Item) -> Data {
        Data("{\"id\":\(item.id),\"updated_at\":\"\(item.updatedAt)\",\"body\":\(item.body)}".utf8)
    }

    public func companies() async throws -> [Company] { [Company(id: 99, name: "Test")] }

    public func projects() async throws -> [ProcoreRecord] {
        let ids = lock.withLock { projectIDs }
        return ids.map { ProcoreRecord(id: $0, updatedAt: "2026-01-01T00:00:00Z", raw: Data("{\"id\":\($0),\"name\":\"P\($0)\"}".utf8)) }
    }

    public func list(_ resource: ProcoreResource, projectID: Int64?, updatedBetween: (String, String)?,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        try await serve(resource, projectID: projectID, key: Self.key(resource, resource.scope == .project ? projectID : nil),
                        updatedBetween: updatedBetween, onPage: onPage)
    }

    /// Payments of one commitment are served from the key `contract_payments|<project>|c<contract>`.
    public func list(_ resource: ProcoreResource, projectID: Int64, contractID: Int64,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        try await serve(resource, projectID: projectID, key: Self.key(resource, projectID) + "|c\(contractID)",
                        updatedBetween: nil, onPage: onPage)
    }

    private func serve(_ resource: ProcoreResource, projectID: Int64?, key: String, updatedBetween: (String, String)?,
                       onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        let failure: ProcoreError? = lock.withLock {
            listCalls.append(key)
            windows[key, default: []].append(updatedBetween)
            return failures[key]
        }
        if let failure { throw failure }
        var page = 1
        while true {
            beforePage?(page, key)
            let (records, total, more): ([ProcoreRecord], Int, Bool) = lock.withLock {
                var all = items[key] ?? []
                if let (from, to) = updatedBetween {
                    all = all.filter { $0.updatedAt >= from && $0.updatedAt <= to }
                }
                let start = (page - 1) * perPage
                let slice = start < all.count ? Array(all[start..<min(start + perPage, all.count)]) : []
                return (slice.map { ProcoreRecord(id: $0.id, updatedAt: $0.updatedAt, raw: Self.raw($0)) },
                        all.count, start + perPage < all.count)
            }
            try await onPage(ProcorePage(resource: resource, projectID: projectID, records: records, page: page, total: total))
            if !more { return }
            page += 1
        }
    }

    public func children(_ resource: ProcoreResource, parentID: Int64, projectID: Int64?) async throws -> [String: [ProcoreRecord]] {
        lock.withLock { childCalls += 1 }
        var result: [String: [ProcoreRecord]] = [:]
        for (index, child) in resource.children.enumerated() {
            let id = parentID * 10 + Int64(index)
            result[child.name] = [ProcoreRecord(id: id, updatedAt: nil, raw: Data("{\"id\":\(id),\"parent\":\(parentID)}".utf8))]
        }
        return result
    }

    public func get(_ resource: ProcoreResource, id: Int64, projectID: Int64?) async throws -> ProcoreRecord {
        throw ProcoreError.notFound(endpoint: "/fake", project: projectID, message: "")
    }

    public var metrics: ProcoreClientMetrics {
        get async {
            var m = ProcoreClientMetrics()
            m.requests = lock.withLock { listCalls.count + childCalls }
            return m
        }
    }
}

