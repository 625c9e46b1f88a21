import Foundation

/// Resident memory of this process, read from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in bytes, or nil where /proc is not available.
    public static func peakRSSBytes() -> Int? { read("VmHWM:") }

    /// Current resident set size (VmRSS) in bytes.
    public static func currentRSSBytes() -> Int? { read("VmRSS:") }

    private static func read(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            // "VmHWM:\t   12345 kB": a tab and spaces before the number.
            let digits = line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return digits.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
