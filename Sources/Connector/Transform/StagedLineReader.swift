import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a staging file one line at a time with a fixed-size buffer, so a transform's memory
/// does not depend on the file's size. Lines keep their bytes exactly (no trailing newline).
struct StagedLineReader: ~Copyable {
    private let file: UnsafeMutablePointer<FILE>
    private var line: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    /// Opens `path`; nil when it cannot be read.
    init?(path: String) {
        guard let file = fopen(path, "rb") else { return nil }
        self.file = file
    }

    deinit {
        free(line)
        fclose(file)
    }

    /// The next line's bytes, or nil at the end of the file.
    mutating func next() -> Data? {
        let count = getline(&line, &capacity, file)
        guard count >= 0, let line else { return nil }
        lineNumber += 1
        var length = count
        if length > 0, line[length - 1] == 0x0A { length -= 1 }
        return Data(bytes: line, count: length)
    }
}
