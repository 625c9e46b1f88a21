import Foundation

/// Writes a file so that readers see either the old file or the complete new one
/// (``AtomicFileStream`` with all the bytes at once).
enum AtomicFileWriter {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let stream = try AtomicFileStream(url: url)
        try stream.append(bytes)
        _ = try stream.commit()
    }

    /// Refuses names that are empty, relative markers, hidden, or carry control characters.
    static func checkName(_ name: String) throws(VIWriteError) {
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
}
