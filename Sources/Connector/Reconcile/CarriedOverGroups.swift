import Foundation
import Ledger

/// Groups the open records of other runs by what holds them back, for the report's
/// "still open from other runs" rows.
///
/// A record's message starts with its own label (`requisition 5030000326 (Acme, invoice 14-001): `)
/// and names ids, Sage keys and amounts of its own; the cause is what is left once those are
/// taken out, so the 420 requisitions of one vendor whose name is too long for Sage fall into
/// one row, and the 1,500 payments whose requisitions failed into another.
enum CarriedOverGroups {
    /// Rows for `digests` (a state's records in id order, as the ledger reads them), most records
    /// first (then by cause, so the order is stable). A row's `since` and examples are its
    /// lowest record ids: the ledger's order, not a clock's.
    static func rows(_ digests: [OpenRecordDigest]) -> [ReconciliationReport.CarriedOver] {
        struct Key: Hashable {
            var kind: ReconciliationException.Kind
            var resource: String
            var cause: String
        }
        struct Group {
            var records = 0
            var amount: Decimal = 0
            var withoutAmount = 0
            var since: String
            var examples: [Int64] = []
        }
        var groups: [Key: Group] = [:]
        groups.reserveCapacity(64)
        for digest in digests {
            guard let kind = exceptionKind(digest.state) else { continue }
            let key = Key(kind: kind, resource: digest.resource, cause: cause(of: digest.reason ?? "no reason recorded"))
            // One hash of the key per record: the group is changed in place.
            modify(&groups[key, default: Group(since: digest.createdAt)]) { group in
                group.records += 1
                if digest.amounts.isEmpty {
                    group.withoutAmount += 1
                } else {
                    let documentKind = digest.amounts.first?.kind ?? Reconciler.kind(forResource: digest.resource)
                    group.amount += Reconciler.documentAmount(digest.amounts, kind: documentKind)
                }
                if group.examples.count < 3 { group.examples.append(digest.id) }
            }
        }
        return groups.map { key, group in
            ReconciliationReport.CarriedOver(kind: key.kind, resource: key.resource, cause: key.cause,
                                             fix: Reconciler.standingFix(key.kind), records: group.records,
                                             amount: ReconciliationMoney(group.amount),
                                             recordsWithoutAmount: group.withoutAmount, since: group.since,
                                             examples: group.examples)
        }.sorted { a, b in
            if a.records != b.records { return a.records > b.records }
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            if a.resource != b.resource { return a.resource < b.resource }
            return a.cause < b.cause
        }
    }

    static func exceptionKind(_ state: RecordState) -> ReconciliationException.Kind? {
        switch state {
        case .invalid: return .invalid
        case .rejected: return .rejected
        case .uncertain: return .uncertain
        case .drift: return .drift
        default: return nil
        }
    }

    private static func modify<Value>(_ value: inout Value, _ change: (inout Value) -> Void) { change(&value) }

    /// `reason` without the record's own label, with its ids, keys and amounts shown as `…`.
    static func cause(of reason: String) -> String {
        var reason = reason
        return reason.withUTF8 { bytes in masked(bytes[labelEnd(bytes)...]) }
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
        var depth = 0
        var j = i + 1
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: "(") { depth += 1 }
            if bytes[j] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { break }
            }
            j += 1
        }
        guard j + 2 < bytes.count, bytes[j + 1] == UInt8(ascii: ":"), bytes[j + 2] == space else { return 0 }
        return j + 3
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
