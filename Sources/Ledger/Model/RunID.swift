import Foundation

/// A run's identifier: its UTC start time and four random hex digits, e.g. `20261129T004000Z-ab12`.
///
/// Identifiers sort in start order, name the staging folder of the run, and appear in every
/// audit row the run writes.
public typealias RunID = String

/// Makes run identifiers.
public enum RunIdentifier {
    /// A new identifier for a run starting at `date`.
    public static func make(at date: Date = Date()) -> RunID {
        let stamp = Timestamp.string(from: date)   // 2026-11-29T00:40:00Z
        let compact = stamp.filter { $0 != "-" && $0 != ":" }
        let suffix = String(format: "%04x", Int.random(in: 0..<0x10000))
        return "\(compact)-\(suffix)"
    }

    /// True when `text` has the shape of a run identifier (safe to use as a folder name).
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 21, bytes[8] == 84, bytes[15] == 90, bytes[16] == 45 else { return false }
        let digits = Array(bytes[0..<8]) + Array(bytes[9..<15])
        let hex = bytes[17..<21]
        return digits.allSatisfy { $0 >= 48 && $0 <= 57 }
            && hex.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
