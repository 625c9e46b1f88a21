#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The POSIX file operations the vault relies on: private modes, atomic replacement, locking.
enum VaultFileSystem {
    /// Permission bits of `path`, or nil when it does not exist.
    static func mode(of path: String) throws(VaultError) -> UInt16? {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT { return nil }
            throw .io(path: path, operation: "inspect", reason: lastError())
        }
        return UInt16(truncatingIfNeeded: info.st_mode) & 0o7777
    }

    /// Refuses a file that group or others may read or write.
    static func requirePrivate(_ path: String, what: String) throws(VaultError) {
        guard let mode = try mode(of: path) else { return }
        if mode & 0o077 != 0 { throw .permissionsTooOpen(path: path, what: what, mode: mode) }
    }

    static func read(_ path: String) throws(VaultError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, operation: "read", reason: (error as NSError).localizedDescription)
        }
    }

    /// Creates `path` with mode 0600, failing when it exists, and flushes it to disk.
    static func createExclusive(_ data: Data, at path: String) throws(VaultError) {
        try writeNewFile(data, at: path)
        try syncDirectory(of: path)
    }

    /// Replaces `path` with `data`: a private temporary file in the same folder, fsync, rename, fsync of the folder.
    /// Readers see the old file or the new one, never a mix.
    static func writeAtomically(_ data: Data, to path: String) throws(VaultError) {
        let folder = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/." + base + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try writeNewFile(data, at: temporary) { () throws(VaultError) in
            guard rename(temporary, path) == 0 else { throw .io(path: path, operation: "replace", reason: lastError()) }
        }
        try syncDirectory(of: path)
    }

    /// Writes `data` to a new private file at `path` (mode 0600, failing when it exists), then
    /// runs `finish`; on any failure the file is closed and removed.
    private static func writeNewFile(_ data: Data, at path: String,
                                     then finish: () throws(VaultError) -> Void = {}) throws(VaultError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, operation: "create", reason: lastError()) }
        do throws(VaultError) {
            try writeAll(data, fd: fd, path: path)
            close(fd)
            try finish()
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
    }

    /// Renames `source` over `destination` (atomically) and flushes the folder.
    static func move(_ source: String, over destination: String) throws(VaultError) {
        guard rename(source, destination) == 0 else { throw .io(path: destination, operation: "replace", reason: lastError()) }
        try syncDirectory(of: destination)
    }

    /// Runs `body` holding an exclusive lock on `<path>.lock`, so writers in other processes wait their turn.
    static func withExclusiveLock<T>(on path: String, _ body: () throws(VaultError) -> T) throws(VaultError) -> T {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: lockPath, operation: "open the lock file", reason: lastError()) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw .io(path: lockPath, operation: "lock", reason: lastError()) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private static func writeAll(_ data: Data, fd: Int32, path: String) throws(VaultError) {
        fchmod(fd, 0o600)
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBufferPointer { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", reason: lastError())
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "flush", reason: lastError()) }
    }

    private static func syncDirectory(of path: String) throws(VaultError) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
