import Foundation

/// Removes staging export folders older than `staging.keep_days`. Age is the folder's
/// modification time on this machine (when it was written); names are never parsed for it.
/// Nothing depends on these folders, so pruning is safe at any time; hidden folders (a pull
/// still writing) and anything that is not a directory are left alone.
public enum StagingRetention {
    /// Removes what is older than `keepDays` days and returns the folder names removed.
    @discardableResult
    public static func prune(stagingRoot: String, keepDays: Int, now: Date = Date()) -> [String] {
        let manager = FileManager.default
        let cutoff = now.addingTimeInterval(-Double(max(0, keepDays)) * 86_400)
        var removed: [String] = []
        for name in ((try? manager.contentsOfDirectory(atPath: stagingRoot)) ?? []).sorted() where !name.hasPrefix(".") {
            let path = (stagingRoot as NSString).appendingPathComponent(name)
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeDirectory,
                  let modified = attributes[.modificationDate] as? Date, modified < cutoff else { continue }
            if (try? manager.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        return removed
    }
}
