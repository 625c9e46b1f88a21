import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on the staging folder (`<root>/.pull.lock`, `flock`), so two pulls never
/// write the same staging folder or ledger cursors at once. The operating system releases it
/// when the process ends, even after a crash.
public final class StagingLock: Sendable {
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock or throws ``StagingError/locked(path:)`` at once if another process holds it.
    public static func acquire(root: String) throws(StagingError) -> StagingLock {
        try FileSystem.makeDirectories(root)
        let path = root + "/.pull.lock"
        let fd = open(path, O_RDWR | O_CREAT, 0o640)
        guard fd >= 0 else { throw .createFailed(path: path, reason: FileSystem.errorText()) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw .locked(path: path)
        }
        return StagingLock(path: path, descriptor: fd)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
