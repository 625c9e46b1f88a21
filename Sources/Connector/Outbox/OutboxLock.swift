import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on the outbox (`<outbox>/.transform.lock`, `flock`), so two transforms
/// never build batches from the same ledger records at once. The operating system releases it
/// when the process ends, even after a crash.
public final class OutboxLock: Sendable {
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock, or throws ``TransformError/locked(path:)`` at once if another process holds it.
    public static func acquire(outboxRoot: String) throws -> OutboxLock {
        do {
            try FileSystem.makeDirectories(outboxRoot)
        } catch {
            throw TransformError.outboxWriteFailed(path: outboxRoot, reason: error.description)
        }
        let path = outboxRoot + "/.transform.lock"
        let fd = open(path, O_RDWR | O_CREAT, 0o640)
        guard fd >= 0 else { throw TransformError.outboxWriteFailed(path: path, reason: FileSystem.errorText()) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw TransformError.locked(path: path)
        }
        return OutboxLock(path: path, descriptor: fd)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
