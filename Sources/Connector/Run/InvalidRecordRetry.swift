import Foundation
import Ledger

/// Gives `invalid` records another check after something that may fix them changed (a mapping
/// row, a corrected vendor or contract, fresh Sage reference data).
///
/// A record that failed because of the mapping or of a record it depends on has nothing wrong
/// in itself, so no corrected file can be dropped for it (the replay refuses a copy identical to
/// what the ledger has). This copies the staged line of each such record, byte for byte, into
/// `staging/<run-id>-retry/` (with a manifest) for the transform to check again: still wrong
/// stays `invalid` with its reasons; now right is batched and posted like any record.
enum InvalidRecordRetry {
    /// Writes the retry folder and returns its path, or nil when no record is invalid.
    /// Besides `invalid` records, records a killed transform left `staged` or `valid` without a
    /// batch are always taken (else they would wait forever); `valid` records carrying a reason
    /// (a person rejected their batch) are left for their correction.
    /// - Parameters:
    ///   - includeInvalid: also take `invalid` records (when something changed that may fix them).
    ///   - excluding: ledger record ids just checked by this cycle (not checked twice).
    static func stage(ledger: Ledger, stagingRoot: String, companyID: Int64, includeInvalid: Bool = true,
                      excluding: Set<Int64> = [], limit: Int = 100_000) throws -> String? {
        var candidates = try ledger.records(in: .staged, limit: limit)
        candidates += try ledger.records(in: .valid, limit: limit).filter { $0.errors.isEmpty && $0.batchID == nil }
        if includeInvalid { candidates += try ledger.records(in: .invalid, limit: limit) }
        let invalid = candidates.filter { !excluding.contains($0.id) }
        guard !invalid.isEmpty else { return nil }
        var wanted: [String: [Int64: String]] = [:]   // resource -> source id -> content sha256
        for record in invalid { wanted[record.resource, default: [:]][record.sourceID] = record.contentSHA256 }

        // Newest staging folder first; the first line found for a (resource, id, sha) wins.
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: stagingRoot)) ?? [])
            .filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(stagingRoot)/\($0)/manifest.json") }
            .sorted(by: >)
        var found: [String: Data] = [:]   // resource -> lines
        var seen: Set<String> = []
        for folder in folders {
            for (resource, ids) in wanted {
                let path = "\(stagingRoot)/\(folder)/\(resource).jsonl"
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                var number = 0
                for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                    number += 1
                    guard !line.isEmpty else { continue }
                    guard case .success(let staged) = StagedRecordReader.parse(Data(line), file: resource + ".jsonl", line: number),
                          let sha = ids[staged.record.id], sha == staged.contentSHA256 else { continue }
                    let key = "\(resource):\(staged.record.id)"
                    guard seen.insert(key).inserted else { continue }
                    found[resource, default: Data()].append(Data(line) + Data([0x0A]))
                }
            }
            if seen.count == invalid.count { break }
        }
        guard !found.isEmpty else { return nil }

        let name = RunIdentifier.make() + "-retry"
        let partial = (stagingRoot as NSString).appendingPathComponent("." + name + ".partial")
        let final = (stagingRoot as NSString).appendingPathComponent(name)
        try? FileManager.default.removeItem(atPath: partial)
        try FileSystem.makeDirectory(partial)
        var files: [StagedFileSummary] = []
        for resource in found.keys.sorted() {
            let data = found[resource]!
            try FileSystem.writeAtomically(data, to: "\(partial)/\(resource).jsonl")
            files.append(StagedFileSummary(file: resource + ".jsonl", records: data.split(separator: 0x0A).count,
                                           bytes: data.count, sha256: ContentHash.sha256(data)))
        }
        let now = Timestamp.string(from: Date(), milliseconds: true)
        let manifest = StagingManifest(runID: name, companyID: companyID, startedAt: now, finishedAt: now, durationSeconds: 0,
                                       full: false, files: files, scopes: [], forbidden: [], failed: [], requests: 0,
                                       rateLimited: 0, unavailable: 0, retries: 0, tokens: 0, pacingWaits: 0, pacingWaitSeconds: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileSystem.writeAtomically((try encoder.encode(manifest)) + Data("\n".utf8), to: partial + "/manifest.json")
        try FileSystem.syncDirectory(partial)
        try FileSystem.rename(partial, final)
        try FileSystem.syncDirectory(stagingRoot)
        return final
    }
}
