import Foundation
import Ledger

/// The finished staging folders no completed transform has read yet.
///
/// A pull commits its folder (files, then `manifest.json`, then the final name) before its
/// cursors move; a run killed after that but before its transform finished leaves records that
/// the next pull will not fetch again. Every pay cycle therefore transforms each finished
/// folder that no completed transform run names, oldest first, so nothing staged is lost.
enum StagingBacklog {
    /// Absolute paths of untransformed finished folders under `stagingRoot`, oldest first.
    static func untransformed(ledger: Ledger, stagingRoot: String) throws -> [String] {
        var done: Set<String> = []
        let decoder = JSONDecoder()
        for run in try ledger.runs(limit: 1_000_000) where run.kind == "transform" && run.status == .completed {
            guard let json = run.summaryJSON,
                  let summary = try? decoder.decode(TransformSummary.self, from: Data(json.utf8)) else { continue }
            done.insert(summary.stagingRun)
        }
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: stagingRoot)) ?? [])
            .filter { !$0.hasPrefix(".") && !done.contains($0) && manager.fileExists(atPath: "\(stagingRoot)/\($0)/manifest.json") }
            .sorted()
        return names.map { (stagingRoot as NSString).appendingPathComponent($0) }
    }
}
