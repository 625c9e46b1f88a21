import Foundation

/// The staging folder of one pull.
///
/// Files are written under `staging/.<run-id>.partial/`; ``commit(manifest:)`` syncs and
/// renames each file, writes `manifest.json`, then renames the folder to `staging/<run-id>/`
/// in one atomic step. So a folder named after a run always holds a manifest and whole files;
/// a crash leaves only a hidden `.partial` folder, which the next pull removes.
public final class StagingRun: Sendable {
    public let runID: String
    /// The staging root (`staging.dir`).
    public let root: String
    /// Where files are written while the pull runs.
    public let partialDirectory: String
    /// Where the run ends up: `<root>/<run-id>`.
    public let finalDirectory: String
    /// One writer per resource, created up front.
    public let writers: [String: StagingWriter]

    /// Creates the partial folder and an empty temporary file per resource.
    public init(root: String, runID: String, resources: [String]) throws(StagingError) {
        self.runID = runID
        self.root = root
        partialDirectory = root + "/." + runID + ".partial"
        finalDirectory = root + "/" + runID
        try FileSystem.makeDirectories(root)
        try FileSystem.makeDirectory(partialDirectory)
        var writers: [String: StagingWriter] = [:]
        for resource in resources {
            writers[resource] = try StagingWriter(resource: resource, folder: partialDirectory)
        }
        self.writers = writers
    }

    /// Finishes every file, writes the manifest `make` builds from their summaries, and moves
    /// the folder into place. Returns the final folder and the manifest written.
    public func commit(manifest make: @Sendable ([StagedFileSummary]) -> StagingManifest) async throws -> (directory: String, manifest: StagingManifest) {
        var files: [StagedFileSummary] = []
        for resource in writers.keys.sorted() {
            files.append(try await writers[resource]!.finish())
        }
        let manifest = make(files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(manifest)
        try FileSystem.writeAtomically(data + Data("\n".utf8), to: partialDirectory + "/manifest.json")
        try FileSystem.syncDirectory(partialDirectory)
        try FileSystem.rename(partialDirectory, finalDirectory)
        try FileSystem.syncDirectory(root)
        return (finalDirectory, manifest)
    }

    /// Deletes everything written (the pull failed or was cancelled).
    public func abandon() async {
        for writer in writers.values { await writer.abandon() }
        try? FileManager.default.removeItem(atPath: partialDirectory)
    }

    /// Removes hidden `.<run-id>.partial` folders left by pulls that died. Call while holding
    /// the ``StagingLock``. Returns the run ids whose folders were removed.
    @discardableResult
    public static func removeAbandonedPartials(root: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            let runID = String(name.dropFirst().dropLast(".partial".count))
            if (try? FileManager.default.removeItem(atPath: root + "/" + name)) != nil { removed.append(runID) }
        }
        return removed.sorted()
    }
}
