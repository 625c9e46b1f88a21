import Foundation
import Procore
@testable import Connector

/// An in-memory Procore for fast unit tests of the pull's logic (paging shifts, failures,
/// de-duplication). Integration tests use the real client against the sandbox instead.
final class PullFakeSource: ProcoreSource, @unchecked Sendable {
    struct Item: Sendable {
        var id: Int64
        var updatedAt: String
        var body: String
    }

    private let lock = NSLock()
    var perPage = 2
    /// Records per (resource, project) key.
    var items: [String: [Item]] = [:]
    var projectIDs: [Int64] = [1, 2]
    /// (resource, project) keys that throw this error.
    var failures: [String: ProcoreError] = [:]
    /// Called before each page is served (page number, key): lets tests change data mid-listing.
    var beforePage: (@Sendable (Int, String) -> Void)?
    private(set) var listCalls: [String] = []
    private(set) var childCalls = 0
    /// Windows received per key.
    private(set) var windows: [String: [(String, String)?]] = [:]

    static func key(_ resource: ProcoreResource, _ project: Int64?) -> String {
        "\(resource.stagedName)|\(project.map(String.init) ?? "-")"
    }

    func set(_ resource: ProcoreResource, project: Int64?, _ records: [Item]) {
        lock.withLock { items[Self.key(resource, project)] = records }
    }

    func mutate(_ body: (PullFakeSource) -> Void) { lock.withLock { body(self) } }

    static func raw(_ item: Item) -> Data {
        Data("{\"id\":\(item.id),\"updated_at\":\"\(item.updatedAt)\",\"body\":\(item.body)}".utf8)
    }

    func companies() async throws -> [Company] { [Company(id: 99, name: "Test")] }

    func projects() async throws -> [ProcoreRecord] {
        let ids = lock.withLock { projectIDs }
        return ids.map { ProcoreRecord(id: $0, updatedAt: "2026-01-01T00:00:00Z", raw: Data("{\"id\":\($0),\"name\":\"P\($0)\"}".utf8)) }
    }

    func list(_ resource: ProcoreResource, projectID: Int64?, updatedBetween: (String, String)?,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws {
        try await serve(resource, projectID: projectID, key: Self.key(resource, resource.scope == .project ? projectID : nil),
                        updatedBetween: updatedBetween, onPage: onPage)
    }

    /// Payments of one commitment are served from the key `contract_payments|<project>|c<contract>`.
    func list(_ resource: ProcoreResource, projectID: Int64, contractID: Int64,
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

    func children(_ resource: ProcoreResource, parentID: Int64, projectID: Int64?) async throws -> [String: [ProcoreRecord]] {
        lock.withLock { childCalls += 1 }
        var result: [String: [ProcoreRecord]] = [:]
        for (index, child) in resource.children.enumerated() {
            let id = parentID * 10 + Int64(index)
            result[child.name] = [ProcoreRecord(id: id, updatedAt: nil, raw: Data("{\"id\":\(id),\"parent\":\(parentID)}".utf8))]
        }
        return result
    }

    func get(_ resource: ProcoreResource, id: Int64, projectID: Int64?) async throws -> ProcoreRecord {
        throw ProcoreError.notFound(endpoint: "/fake", project: projectID, message: "")
    }

    var metrics: ProcoreClientMetrics {
        get async {
            var m = ProcoreClientMetrics()
            m.requests = lock.withLock { listCalls.count + childCalls }
            return m
        }
    }
}

/// A temporary folder with a ledger and a staging root.
final class PullWorkspace: @unchecked Sendable {
    let folder: URL
    let ledgerPath: String
    let stagingRoot: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pull-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledgerPath = folder.appendingPathComponent("ml-connector.sqlite").path
        stagingRoot = folder.appendingPathComponent("staging").path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Lines of `<run>/<resource>.jsonl`.
    func lines(run: String, resource: String) throws -> [Data] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(stagingRoot)/\(run)/\(resource).jsonl"))
        return data.split(separator: UInt8(ascii: "\n")).map { Data($0) }
    }

    /// Ids of the staged records of `<run>/<resource>.jsonl`.
    func stagedIDs(run: String, resource: String) throws -> [Int64] {
        try lines(run: run, resource: resource).map { line in
            let object = try JSONSerialization.jsonObject(with: line) as! [String: Any]
            let record = object["record"] as! [String: Any]
            return (record["id"] as! NSNumber).int64Value
        }
    }

    func manifest(run: String) throws -> StagingManifest {
        try JSONDecoder().decode(StagingManifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(stagingRoot)/\(run)/manifest.json")))
    }

    /// Every entry under the staging root, recursively, relative.
    func stagingEntries() -> [String] {
        (FileManager.default.enumerator(atPath: stagingRoot)?.allObjects as? [String] ?? []).sorted()
    }
}
