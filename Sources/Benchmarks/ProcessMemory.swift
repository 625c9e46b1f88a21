import Foundation

/// Resident memory of this process, read from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in bytes, or nil where /proc is not available.
    public static func peakRSSBytes() -> Int? { read("VmHWM:") }

    /// Current resident set size (VmRSS) in bytes.
    public static func currentRSSBytes() -> Int? { read("VmRSS:") }

    /// Starts a new peak: Linux sets VmHWM back to the current resident size when "5" is
    /// written to `/proc/self/clear_refs`. A benchmark calls it between phases, so each phase's
    /// peak is its own and not the setup's. Returns false where that is not possible.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

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
