import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written in pieces that readers still see only whole: the bytes go to a hidden
/// temporary name in the same folder, ``commit()`` flushes them to disk (fsync), renames the
/// file over the destination and syncs the folder. Its size and SHA-256 are counted as the
/// bytes go by, so a batch of any size is never held in memory whole.
///
/// A stream dropped without ``commit()`` removes its temporary file: nothing half-written
/// ever carries the destination's name.
public final class AtomicFileStream {
    public let url: URL
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var digest = SHA256Digest()
    /// Bytes appended so far.
    public private(set) var byteCount = 0
    private var done = false

    /// Bytes gathered before one write to the file.
    static let bufferSize = 1 << 18

    /// Creates the temporary file beside `url`.
    public init(url: URL) throws(VIWriteError) {
        let name = url.lastPathComponent
        try AtomicFileWriter.checkName(name)
        self.url = url
        temporaryPath = url.deletingLastPathComponent().path + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.ioError(temporaryPath, "create") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if !done {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Adds `bytes` to the end of the file.
    public func append(_ bytes: [UInt8]) throws(VIWriteError) {
        byteCount += bytes.count
        if buffer.count + bytes.count > Self.bufferSize {
            try flush()
            if bytes.count >= Self.bufferSize {
                if let failure = bytes.withUnsafeBytes({ writeOut($0) }) { throw failure }
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Flushes everything to disk and gives the file its name. Returns its size and the
    /// lower-case hex SHA-256 of its bytes.
    public func commit() throws(VIWriteError) -> (byteCount: Int, sha256: String) {
        try flush()
        guard fsync(descriptor) == 0 else { throw Self.ioError(temporaryPath, "flush (fsync)") }
        done = true
        guard close(descriptor) == 0 else {
            unlink(temporaryPath)
            throw Self.ioError(temporaryPath, "close")
        }
        guard rename(temporaryPath, url.path) == 0 else {
            let error = Self.ioError(url.path, "rename the temporary file to")
            unlink(temporaryPath)
            throw error
        }
        let folder = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
        return (byteCount, SHA256Digest.hex(digest: digest.finalize()))
    }

    private func flush() throws(VIWriteError) {
        guard !buffer.isEmpty else { return }
        if let failure = buffer.withUnsafeBytes({ writeOut($0) }) { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Hashes and writes `raw`; the failure, if any.
    private func writeOut(_ raw: UnsafeRawBufferPointer) -> VIWriteError? {
        digest.update(raw)
        var offset = 0
        while offset < raw.count {
            let written = Self.systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return Self.ioError(temporaryPath, "write")
            }
            offset += written
        }
        return nil
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, pointer, count)
        #else
        return Darwin.write(fd, pointer, count)
        #endif
    }

    static func ioError(_ path: String, _ operation: String) -> VIWriteError {
        let code = errno
        return .io(path: path, operation: operation, code: code, reason: String(cString: strerror(code)))
    }
}
