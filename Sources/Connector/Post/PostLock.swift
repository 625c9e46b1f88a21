import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<ledger>.post.lock`, so two posts never send the same batches at
/// once. The operating system releases it when the process ends, even when killed.
final class PostLock: Sendable {
    let path: String
    private let descriptor: Int32
    private let removeOnRelease: Bool

    private init(path: String, descriptor: Int32, removeOnRelease: Bool) {
        self.path = path
        self.descriptor = descriptor
        self.removeOnRelease = removeOnRelease
    }

    /// `removeOnRelease` is for a ledger that holds no file (its lock would otherwise stay in
    /// the temporary folder); a file ledger's lock stays, as removing a flock file races with
    /// the next process opening it.
    static func acquire(ledgerPath: String, removeOnRelease: Bool = false) throws -> PostLock {
        let path = ledgerPath + ".post.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw PostError.lockFailed(path: path, reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw PostError.alreadyRunning(lockPath: path)
        }
        return PostLock(path: path, descriptor: fd, removeOnRelease: removeOnRelease)
    }

    deinit {
        if removeOnRelease { unlink(path) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
