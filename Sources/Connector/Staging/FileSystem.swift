import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls staging needs for crash safety: durable writes and atomic renames.
enum FileSystem {
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Creates `path` (one level) with mode 0750; an existing folder is fine.
    static func makeDirectory(_ path: String) throws(StagingError) {
        if mkdir(path, 0o750) != 0, errno != EEXIST {
            throw .createFailed(path: path, reason: errorText())
        }
    }

    /// Creates `path` and missing parents.
    static func makeDirectories(_ path: String) throws(StagingError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .createFailed(path: path, reason: error.localizedDescription)
        }
    }

    /// Flushes the folder entry so a rename inside it survives a power loss.
    static func syncDirectory(_ path: String) throws(StagingError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: errorText()) }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 { throw .writeFailed(path: path, reason: errorText()) }
    }

    /// Atomic rename (same file system).
    static func rename(_ from: String, _ to: String) throws(StagingError) {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        if result != 0 { throw .renameFailed(from: from, to: to, reason: errorText()) }
    }

    /// Writes `data` to `path` atomically: a hidden temp file, fsync, rename, folder fsync.
    static func writeAtomically(_ data: Data, to path: String) throws(StagingError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = folder + "/." + url.lastPathComponent + ".tmp"
        let descriptor = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o640)
        guard descriptor >= 0 else { throw .createFailed(path: temp, reason: errorText()) }
        var failure: StagingError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .writeFailed(path: temp, reason: errorText())
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = .writeFailed(path: temp, reason: errorText()) }
        close(descriptor)
        if let failure {
            unlink(temp)
            throw failure
        }
        try rename(temp, path)
        try syncDirectory(folder)
    }
}
