import Foundation

/// Writes `outbox/<run-id>/reconciliation.{html,csv,json}`, each file atomically (a temporary
/// file in the same folder, fsync, rename, fsync of the folder): a reader sees the old file or
/// the new one, never half of one.
public struct ReconciliationWriter: Sendable {
    /// The paths written.
    public struct Files: Sendable, Equatable, Codable {
        public var html: String
        public var csv: String
        public var json: String
        /// The fix sheet (`fixes.csv`), when one was written.
        public var fixes: String?
    }

    public let outboxRoot: String
    public let html: ReconciliationHTML

    /// - Parameters:
    ///   - outboxRoot: the outbox folder (`outbox`).
    ///   - templatePath: the HTML template; the built-in copy is used when the file is absent.
    public init(outboxRoot: String, templatePath: String? = "templates/reconciliation.mustache",
                currencySymbol: String = "$") throws {
        self.outboxRoot = outboxRoot
        self.html = try ReconciliationHTML(templatePath: templatePath, currencySymbol: currencySymbol)
    }

    /// Writes the fix sheet beside the report of `runID`: what a person can fill in to release
    /// the ledger's refused records (the header alone when there is nothing).
    public func writeFixes(_ rows: [FixSheet.Row], runID: String) throws -> String {
        let path = (outboxRoot as NSString).appendingPathComponent(runID) + "/fixes.csv"
        try Self.writeAtomically(FixSheet.render(rows), to: path)
        return path
    }

    /// Writes the three files of `report` and returns their paths.
    @discardableResult
    public func write(_ report: ReconciliationReport) throws -> Files {
        guard Self.isSafeName(report.runID) else {
            throw ReconcileError.writeFailed(path: "\(outboxRoot)/\(report.runID.prefix(60))",
                                             reason: "the run id is not a safe folder name (letters, digits, '-', '_', '.', not starting with '.')")
        }
        let folder = (outboxRoot as NSString).appendingPathComponent(report.runID)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReconcileError.writeFailed(path: folder, reason: "\(error)")
        }
        let files = Files(html: folder + "/reconciliation.html", csv: folder + "/reconciliation.csv",
                          json: folder + "/reconciliation.json")
        let json: Data
        do {
            json = try ReconciliationJSON.render(report, currencySymbol: html.currencySymbol)
        } catch {
            throw ReconcileError.writeFailed(path: files.json, reason: "the report cannot be encoded: \(error)")
        }
        try Self.writeAtomically(ReconciliationCSV.render(report), to: files.csv)
        try Self.writeAtomically(Data(html.render(report).utf8), to: files.html)
        try Self.writeAtomically(json, to: files.json)
        return files
    }

    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 120 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// temp file + fsync + rename + directory fsync.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw ReconcileError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw ReconcileError.writeFailed(path: path, reason: failure)
        }
        let dir = open(folder, O_RDONLY)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }
}
