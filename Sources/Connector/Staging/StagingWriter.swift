import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished staging file holds.
public struct StagedFileSummary: Sendable, Codable, Equatable {
    /// File name inside the run folder, e.g. `requisitions.jsonl`.
    public var file: String
    /// Lines (records) in the file.
    public var records: Int
    public var bytes: Int
    /// sha256 of the whole file, hex.
    public var sha256: String
}

/// Appends staged lines for one resource to `.<resource>.jsonl.tmp`, page by page, and on
/// ``finish()`` syncs it to disk and renames it to `<resource>.jsonl`. Nothing is kept in
/// memory beyond the page being written. A file that was not finished never has the final name.
public actor StagingWriter {
    public let resource: String
    /// Final path, `<folder>/<resource>.jsonl`.
    public let path: String
    /// Temporary path written while the pull runs.
    public let temporaryPath: String
    private var descriptor: Int32
    private var hasher = SHA256()
    private var records = 0
    private var bytes = 0
    private var finished: StagedFileSummary?

    /// Creates (truncating) the temporary file in `folder`.
    public init(resource: String, folder: String) throws(StagingError) {
        self.resource = resource
        path = folder + "/" + resource + ".jsonl"
        temporaryPath = folder + "/." + resource + ".jsonl.tmp"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o640)
        guard fd >= 0 else { throw .createFailed(path: temporaryPath, reason: FileSystem.errorText()) }
        descriptor = fd
    }

    /// Appends complete lines (each ending in `\n`), counting `count` records.
    public func append(_ lines: Data, count: Int) throws(StagingError) {
        guard descriptor >= 0 else { throw .closed(path: temporaryPath) }
        guard !lines.isEmpty else { return }
        var failure: StagingError?
        lines.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .writeFailed(path: temporaryPath, reason: FileSystem.errorText())
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
        hasher.update(data: lines)
        records += count
        bytes += lines.count
    }

    /// Records appended so far.
    public var recordCount: Int { records }

    /// Syncs the file to disk, closes it and renames it to its final name. Idempotent.
    @discardableResult
    public func finish() throws(StagingError) -> StagedFileSummary {
        if let finished { return finished }
        guard descriptor >= 0 else { throw .closed(path: temporaryPath) }
        if fsync(descriptor) != 0 {
            let reason = FileSystem.errorText()
            close(descriptor)
            descriptor = -1
            throw .writeFailed(path: temporaryPath, reason: reason)
        }
        close(descriptor)
        descriptor = -1
        try FileSystem.rename(temporaryPath, path)
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let summary = StagedFileSummary(file: (path as NSString).lastPathComponent, records: records, bytes: bytes, sha256: digest)
        finished = summary
        return summary
    }

    /// Closes and deletes the temporary file (the pull failed or was cancelled).
    public func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }
}
