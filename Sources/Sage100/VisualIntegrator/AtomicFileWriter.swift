import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one: the bytes
/// go to a temporary name in the same folder, are flushed to disk (fsync), then renamed over
/// the destination, and the folder is synced.
enum AtomicFileWriter {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let name = url.lastPathComponent
        try checkName(name)
        let directory = url.deletingLastPathComponent().path
        let finalPath = url.path
        let tempPath = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(tempPath, "create") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { buffer in
                    systemWrite(fd, buffer.baseAddress, buffer.count)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ioError(tempPath, "write")
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw ioError(tempPath, "flush (fsync)") }
            closed = true
            guard close(fd) == 0 else { throw ioError(tempPath, "close") }
            guard rename(tempPath, finalPath) == 0 else { throw ioError(finalPath, "rename the temporary file to") }
        } catch {
            unlink(tempPath)
            throw error
        }
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, pointer, count)
        #else
        return Darwin.write(fd, pointer, count)
        #endif
    }

    /// Refuses names that are empty, relative markers, hidden, or carry control characters.
    static func checkName(_ name: String) throws {
        if name.isEmpty || name == "/" { throw VIWriteError.invalidFileName(name: name, reason: "it is empty") }
        if name == "." || name == ".." { throw VIWriteError.invalidFileName(name: name, reason: "it names a folder") }
        if name.hasPrefix(".") {
            throw VIWriteError.invalidFileName(name: name, reason: "it starts with '.', which hides the file")
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw VIWriteError.invalidFileName(name: name, reason: "it contains a control character")
        }
        if name.utf8.count > 255 {
            throw VIWriteError.invalidFileName(name: name, reason: "it is longer than 255 bytes")
        }
    }

    private static func ioError(_ path: String, _ operation: String) -> VIWriteError {
        let code = errno
        return .io(path: path, operation: operation, code: code, reason: String(cString: strerror(code)))
    }
}
