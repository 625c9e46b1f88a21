import Foundation
import Ledger

/// Brings the staging folders of a ledger from before source versions (schema v5) into the
/// ledger, once: each finished folder's lines become source versions (origin `import`), so the
/// ledger holds everything the transform needs and `staging/` is only an export from then on.
///
/// The first transform after the import looks at every imported version again; versions the
/// ledger already holds as records change nothing (same version: unchanged), so nothing is
/// posted twice.
public enum StagingImport {
    /// Set in the ledger once the import ran (or was not needed).
    static let doneKey = "staging-imported"

    /// Imports the finished folders under `stagingRoot` unless this ledger did so already.
    /// Returns the number of versions imported (0 when there was nothing to do).
    @discardableResult
    public static func importOnce(ledger: Ledger, stagingRoot: String) throws -> Int {
        if try ledger.pipelineValue(doneKey) != nil { return 0 }
        var imported = 0
        if try ledger.sourceVersionCount() == 0 {
            imported = try importFolders(ledger: ledger, stagingRoot: stagingRoot)
        }
        try ledger.setPipelineValue(doneKey, Timestamp.string(from: Date(), milliseconds: true))
        return imported
    }

    /// Imports every finished folder (one holding `manifest.json`) under `stagingRoot`. Old
    /// folders carry no sequence of their own, so this one time they are taken in name order
    /// (their names began with the UTC time they were written). Lines are read one at a time and
    /// stored 500 per transaction; a line that cannot be read is skipped (it was skipped before).
    @discardableResult
    public static func importFolders(ledger: Ledger, stagingRoot: String) throws -> Int {
        let manager = FileManager.default
        let folders = ((try? manager.contentsOfDirectory(atPath: stagingRoot)) ?? [])
            .filter { !$0.hasPrefix(".") && manager.fileExists(atPath: "\(stagingRoot)/\($0)/manifest.json") }
            .sorted()
        var imported = 0
        for folder in folders {
            let files = ((try? manager.contentsOfDirectory(atPath: "\(stagingRoot)/\(folder)")) ?? [])
                .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted()
            for file in files {
                guard var reader = StagedLineReader(path: "\(stagingRoot)/\(folder)/\(file)") else { continue }
                var chunk: [NewSourceVersion] = []
                while let line = reader.next() {
                    guard case .success(let version) = SourceVersionBuilder.version(ofLine: line, file: file,
                                                                                    number: reader.lineNumber) else { continue }
                    chunk.append(version)
                    if chunk.count == 500 {
                        imported += try ledger.insertSourceVersions(chunk, origin: "import", runID: nil).compactMap { $0 }.count
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                imported += try ledger.insertSourceVersions(chunk, origin: "import", runID: nil).compactMap { $0 }.count
            }
        }
        return imported
    }
}
