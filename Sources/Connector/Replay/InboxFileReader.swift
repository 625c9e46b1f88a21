import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one inbox file without following links, without blocking on pipes or devices and
/// without reading past the size limit.
enum InboxFileReader {
    /// What `lstat` says about a directory entry.
    enum EntryType {
        case regular(size: Int)
        case directory
        case symlink
        case other(String)
        case missing
    }

    static func entryType(_ path: String) -> EntryType {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        case S_IFIFO: return .other("a named pipe")
        case S_IFSOCK: return .other("a socket")
        case S_IFCHR, S_IFBLK: return .other("a device")
        default: return .other("not a plain file")
        }
    }

    /// Why the file at `path` may still be being written (changed less than `seconds` ago), or
    /// nil when it has been still long enough.
    static func recentlyChanged(_ path: String, within seconds: Double, now: Date) -> String? {
        guard seconds > 0 else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
        let age = now.timeIntervalSince1970 - modified
        guard age < seconds else { return nil }
        return "it changed \(age < 0 ? "after the run started" : String(format: "%.1f s ago", age)), within the \(Int(seconds.rounded())) s settle window (inbox.settle_seconds)"
    }

    /// The bytes of the plain file at `path`, at most `limit` of them.
    static func read(_ path: String, limit: Int, shown: String) throws(InboxFileProblem) -> Data {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw InboxFileProblem(file: shown, problem: "it cannot be opened (\(String(cString: strerror(errno))))",
                                   fix: "drop a plain, readable file (not a link) into the inbox")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw InboxFileProblem(file: shown, problem: "it is not a plain file",
                                   fix: "drop a plain file (not a link, folder or pipe) into the inbox")
        }
        guard Int(info.st_size) <= limit else {
            throw tooLarge(shown, size: Int(info.st_size), limit: limit)
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InboxFileProblem(file: shown, problem: "it cannot be read (\(String(cString: strerror(errno))))",
                                       fix: "check the file's permissions and drop it again")
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limit { throw tooLarge(shown, size: data.count, limit: limit) }
        }
        var after = stat()
        if fstat(descriptor, &after) == 0, after.st_size != info.st_size || data.count != Int(info.st_size) {
            throw InboxFileProblem(file: shown, problem: "it changed size while it was read (\(info.st_size) -> \(after.st_size) bytes): it was still being written",
                                   fix: "drop it again once it is copied whole (copy it under a .part name, then rename it)")
        }
        return data
    }

    static func tooLarge(_ shown: String, size: Int, limit: Int) -> InboxFileProblem {
        InboxFileProblem(file: shown, problem: "it is \(size) bytes; an inbox file holds at most \(limit) bytes",
                         fix: "split it into smaller files (corrections: only the lines of the failed records)")
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(descriptor, buffer, count)
    #else
    return Darwin.read(descriptor, buffer, count)
    #endif
}
