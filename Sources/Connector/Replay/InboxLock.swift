import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on the inbox (`inbox/.replay.lock`, `flock`) so two replays never handle
/// the same files at once. Released when the process ends, even after a crash.
final class InboxLock: Sendable {
    private let descriptor: Int32
    /// The lock file's name inside the inbox.
    static let fileName = ".replay.lock"

    private init(descriptor: Int32) { self.descriptor = descriptor }

    static func acquire(_ inbox: String) throws -> InboxLock {
        var isDirectory: ObjCBool = false
        let parent = (inbox as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: inbox), FileManager.default.fileExists(atPath: parent) {
            // A first run: an empty inbox is simply created.
            try? FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: false)
        }
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReplayError.inboxUnreadable(path: inbox, reason: "the folder does not exist")
        }
        let path = (inbox as NSString).appendingPathComponent(fileName)
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw ReplayError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw ReplayError.locked(path: path)
        }
        return InboxLock(descriptor: fd)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
