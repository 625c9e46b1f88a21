import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inbox's own subfolders (`processed/`, `rejected/`), reached only through directory
/// descriptors opened without following links: a file is moved (`renameat`) and an error file
/// written (`openat` with `O_EXCL | O_NOFOLLOW`) inside the inbox and nowhere else. A
/// subfolder that is a symbolic link (or not a folder) is refused with
/// ``InboxFolderError``: nothing is moved or written at all.
struct InboxFolder {
    let path: String

    /// Checks `processed/` and `rejected/` under `inbox` before anything is touched: each is
    /// absent (made when first needed) or a real folder.
    static func check(inbox: String) throws(InboxFolderError) {
        for name in ["processed", "rejected"] {
            var info = stat()
            let path = (inbox as NSString).appendingPathComponent(name)
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFLNK: throw .symlink(path: path, target: (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            default: throw .notAFolder(path: path)
            }
        }
    }

    /// Moves the entry `name` of the inbox (a file or a link, never followed) into its
    /// subfolder `folder` as `target`, adding `-2`, `-3`, … when the name is taken; returns the
    /// new path.
    func move(_ name: String, into folder: String, as target: String) throws(InboxFolderError) -> String {
        let inbox = try openDirectory(path, at: AT_FDCWD, create: false)
        defer { close(inbox) }
        let sub = try openDirectory(folder, at: inbox, create: true)
        defer { close(sub) }
        var candidate = target
        var counter = 2
        var info = stat()
        while fstatat(sub, candidate, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            candidate = "\(target)-\(counter)"
            counter += 1
        }
        guard renameat(inbox, name, sub, candidate) == 0 else {
            throw .failed(path: (path as NSString).appendingPathComponent(name), reason: Self.errorText())
        }
        return ((path as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent(candidate)
    }

    /// Writes a new file `name` in the subfolder `folder` (never over an existing file or
    /// through a link).
    func write(_ data: Data, named name: String, in folder: String) throws(InboxFolderError) {
        let inbox = try openDirectory(path, at: AT_FDCWD, create: false)
        defer { close(inbox) }
        let sub = try openDirectory(folder, at: inbox, create: true)
        defer { close(sub) }
        let descriptor = openat(sub, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o640)
        guard descriptor >= 0 else { throw .failed(path: name, reason: Self.errorText()) }
        defer { close(descriptor) }
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .failed(path: name, reason: Self.errorText())
            }
            offset += written
        }
    }

    /// A directory descriptor for `name` under `base`, refusing links; made first when asked.
    private func openDirectory(_ name: String, at base: Int32, create: Bool) throws(InboxFolderError) -> Int32 {
        if create, mkdirat(base, name, 0o750) != 0, errno != EEXIST {
            throw .failed(path: name, reason: Self.errorText())
        }
        let descriptor = openat(base, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let full = base == AT_FDCWD ? name : (path as NSString).appendingPathComponent(name)
            if errno == ELOOP || errno == ENOTDIR {
                var info = stat()
                if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                    throw .symlink(path: full, target: (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
                }
                throw .notAFolder(path: full)
            }
            throw .failed(path: full, reason: Self.errorText())
        }
        return descriptor
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// An inbox subfolder the replay will not use.
public enum InboxFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `processed/` or `rejected/` is a symbolic link: files would leave the inbox.
    case symlink(path: String, target: String)
    /// It exists but is not a folder.
    case notAFolder(path: String)
    /// The move or write failed.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .symlink(let path, let target):
            return "\(path) is a symbolic link (to \(target)); the inbox keeps its files inside itself, so nothing was moved. Replace the link with a real folder (or remove it: the replay makes it)"
        case .notAFolder(let path):
            return "\(path) is not a folder; move it away so the replay can make the folder, then run again"
        case .failed(let path, let reason):
            return "cannot move or write \(path) inside the inbox: \(reason); check the inbox folder's permissions and free space"
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, buffer, count)
    #else
    return Darwin.write(descriptor, buffer, count)
    #endif
}
