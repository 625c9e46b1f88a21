import Foundation

/// What holds a record back, apart from the record itself: its newest message without the
/// record's own label, with the ids, Sage keys and amounts it names shown as `…`.
///
/// A message starts with the record's label (`requisition 5030000326 (Acme, invoice 14-001): `)
/// and names ids, keys and amounts of its own; once those are taken out, the 420 requisitions of
/// one vendor whose name is too long for Sage share one cause, and the 1,500 payments whose
/// requisitions failed another. The ledger stores it with the message (`records.cause`), so the
/// report and `status` count records by cause in SQL.
public enum RecordCause {
    /// `reason` without the record's own label, with its ids, keys and amounts shown as `…`.
    ///
    /// Labels nest (a requisition's message about one of its contract items, a document's
    /// message about its vendor): each leading label goes, so a requisition refused for its
    /// vendor's name shares the vendor's own cause.
    public static func of(_ reason: String) -> String {
        var reason = reason
        return reason.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let rest = UnsafeBufferPointer(rebasing: bytes[start...])
                let end = labelEnd(rest)
                if end == 0 { break }
                start += end
            }
            return masked(bytes[start...])
        }
    }

    /// Where a leading `<words> <number> (<details>): ` (the record's label) ends: 0 when there
    /// is none.
    static func labelEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count, (bytes[i] >= UInt8(ascii: "a") && bytes[i] <= UInt8(ascii: "z")) || bytes[i] == space { i += 1 }
        guard i > 0, i < bytes.count, bytes[i - 1] == space else { return 0 }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        guard i > digitsStart, i + 1 < bytes.count, bytes[i] == space, bytes[i + 1] == UInt8(ascii: "(") else { return 0 }
        var j = closing(bytes, from: i + 1)
        // "subcontract 18000002 (Acme, number SC-1) line 5 (line item 4304967209): …": a line's
        // label continues the record's.
        let line = Array(" line ".utf8)
        while j + line.count < bytes.count, Array(bytes[(j + 1)..<(j + 1 + line.count)]) == line {
            var k = j + 1 + line.count
            let digits = k
            while k < bytes.count, isDigit(bytes[k]) { k += 1 }
            guard k > digits, k + 1 < bytes.count, bytes[k] == space, bytes[k + 1] == UInt8(ascii: "(") else { break }
            j = closing(bytes, from: k + 1)
        }
        guard j + 2 < bytes.count, bytes[j + 1] == UInt8(ascii: ":"), bytes[j + 2] == space else { return 0 }
        return j + 3
    }

    /// The index of the `)` that closes the `(` at `open` (or the end).
    static func closing(_ bytes: UnsafeBufferPointer<UInt8>, from open: Int) -> Int {
        var depth = 0
        var j = open
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: "(") { depth += 1 }
            if bytes[j] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { break }
            }
            j += 1
        }
        return j
    }

    /// Each word that is an id, a Sage key or an amount (seven or more bytes with a digit, or a
    /// number with a decimal point) becomes `…`; punctuation around it stays.
    static func masked(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = bytes.startIndex
        while start <= bytes.endIndex {
            var end = start
            while end < bytes.endIndex, bytes[end] != space { end += 1 }
            var lower = start, upper = end
            while lower < upper, leading.contains(bytes[lower]) { lower += 1 }
            while upper > lower, trailing.contains(bytes[upper - 1]) { upper -= 1 }
            let core = bytes[lower..<upper]
            let hasDigit = core.contains(where: isDigit)
            let isAmount = hasDigit && core.contains(UInt8(ascii: "."))
                && core.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "-") }
            if hasDigit && (core.count >= 7 || isAmount) {
                out.append(contentsOf: bytes[start..<lower])
                out.append(contentsOf: ellipsis)
                out.append(contentsOf: bytes[upper..<end])
            } else {
                out.append(contentsOf: bytes[start..<end])
            }
            if end < bytes.endIndex { out.append(space) }
            start = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let space = UInt8(ascii: " ")
    private static let ellipsis = Array("…".utf8)
    private static let leading: Set<UInt8> = Set("([\"'".utf8)
    private static let trailing: Set<UInt8> = Set(":;,.)]\"'".utf8)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
