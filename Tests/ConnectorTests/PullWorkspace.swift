import Foundation
import Procore
@testable import Connector

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
