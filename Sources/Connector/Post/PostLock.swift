import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<ledger>.post.lock` (or another suffix: `.exchange.lock`), so two
/// posts never send the same batches at once, nor two exchanges the same payments. The
/// operating system releases it when the process ends, even when killed.
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
    static func acquire(ledgerPath: String, suffix: String = ".post.lock", removeOnRelease: Bool = false,
                        busy: (String) -> any Error = { PostError.alreadyRunning(lockPath: $0) },
                        failed: (String, String) -> any Error = { PostError.lockFailed(path: $0, reason: $1) }) throws -> PostLock {
        let path = ledgerPath + suffix
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw failed(path, String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw busy(path)
        }
        return PostLock(path: path, descriptor: fd, removeOnRelease: removeOnRelease)
    }

    deinit {
        if removeOnRelease { unlink(path) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
