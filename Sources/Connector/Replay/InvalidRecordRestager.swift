import Foundation
import Ledger

/// Finds the staged lines of invalid records, so that after the mapping changed they can go
/// through the transform again (the transform re-checks a version it already holds as
/// `invalid` when that version is staged again).
enum InvalidRecordRestager {
    /// For each record, the staged line of its exact version (resource, id, updated_at, content
    /// sha256), searched in the finished staging runs under `stagingRoot`, newest first.
    /// Records whose line is no longer on disk are returned as missing.
    static func lines(for records: [LedgerRecord], stagingRoot: String) -> (found: [(record: LedgerRecord, line: Data)], missing: [LedgerRecord]) {
        var wanted: [String: LedgerRecord] = [:]
        for record in records { wanted[key(record.resource, record.sourceID, record.contentSHA256)] = record }
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: stagingRoot)) ?? [])
            .filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: stagingRoot + "/" + $0 + "/manifest.json") }
            .sorted(by: >)
        let resources = Set(records.map(\.resource))
        var found: [(record: LedgerRecord, line: Data)] = []
        for folder in folders where !wanted.isEmpty {
            for resource in resources.sorted() {
                let path = stagingRoot + "/" + folder + "/" + resource + ".jsonl"
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                var number = 0
                var start = data.startIndex
                while start < data.endIndex, !wanted.isEmpty {
                    let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
                    number += 1
                    let line = Data(data[start..<end])
                    start = end < data.endIndex ? data.index(after: end) : end
                    guard case .success(let staged) = StagedRecordReader.parse(line, file: resource + ".jsonl", line: number) else { continue }
                    let lineKey = key(staged.resource, staged.record.id, staged.contentSHA256)
                    guard let record = wanted[lineKey], record.sourceUpdatedAt == staged.record.updatedAt else { continue }
                    wanted[lineKey] = nil
                    found.append((record, line + Data([0x0A])))
                }
            }
        }
        return (found.sorted { $0.record.id < $1.record.id }, wanted.values.sorted { $0.id < $1.id })
    }

    static func key(_ resource: String, _ id: Int64, _ sha: String) -> String { "\(resource):\(id):\(sha)" }
}
