import Foundation
import Procore

/// Builds one line of a staging file by byte concatenation, so `record` (and each child) is
/// byte-identical to what Procore sent:
///
/// ```
/// {"resource":"requisitions","company_id":1,"project_id":7,"fetched_at":"2026-11-29T00:40:00.123Z","record":<raw>,"children":{"contract_items":[<raw>,…]}}
/// ```
/// The one exception: a raw line break between JSON tokens (legal whitespace, never inside a
/// JSON string) would split the line, so CR and LF bytes become spaces. The JSON means the same.
public enum StagedLine {
    /// The line for one record, ending in `\n`.
    public static func make(resource: String, companyID: Int64, projectID: Int64?, fetchedAt: String,
                            record: ProcoreRecord, children: [(name: String, records: [ProcoreRecord])]) -> Data {
        build(resource: resource, companyID: companyID, projectID: projectID, fetchedAt: fetchedAt, record: record,
              children: children).line
    }

    /// The line for one record (ending in `\n`) and the staged record it reads back as, built
    /// together: the record and each child are slices of the line, and the content hash is
    /// taken over the line's `record` and `children` bytes, exactly as
    /// ``StagedRecordReader/parse(_:file:line:)`` reads them (a test holds the two equal).
    /// The pull stages every record it receives this way without parsing its own line back.
    public static func staged(resource: String, companyID: Int64, projectID: Int64?, fetchedAt: String,
                              record: ProcoreRecord, children: [(name: String, records: [ProcoreRecord])],
                              file: String, number: Int) -> (line: Data, record: StagedRecord) {
        let built = build(resource: resource, companyID: companyID, projectID: projectID, fetchedAt: fetchedAt,
                          record: record, children: children)
        let line = built.line
        var stagedChildren: [String: [ProcoreRecord]] = [:]
        for (child, ranges) in zip(children, built.childRanges) {
            stagedChildren[child.name] = zip(child.records, ranges).map { item, range in
                ProcoreRecord(id: item.id, updatedAt: item.updatedAt, raw: line.subdata(in: range))
            }
        }
        var hashed = line.subdata(in: built.recordRange)
        hashed.append(line.subdata(in: built.childrenRange))
        let staged = StagedRecord(
            resource: resource, companyID: companyID, projectID: projectID, fetchedAt: fetchedAt,
            record: ProcoreRecord(id: record.id, updatedAt: record.updatedAt, raw: line.subdata(in: built.recordRange)),
            children: stagedChildren, contentSHA256: ContentHash.sha256(hashed), file: file, line: number)
        return (line, staged)
    }

    /// The line, and where the record, the children object and each child stand in it.
    private static func build(resource: String, companyID: Int64, projectID: Int64?, fetchedAt: String,
                              record: ProcoreRecord, children: [(name: String, records: [ProcoreRecord])])
        -> (line: Data, recordRange: Range<Int>, childrenRange: Range<Int>, childRanges: [[Range<Int>]]) {
        var line = Data()
        line.reserveCapacity(record.raw.count + children.reduce(0) { $0 + $1.records.reduce(0) { $0 + $1.raw.count + 1 } } + 160)
        line.append(contentsOf: Array("{\"resource\":".utf8))
        appendString(resource, to: &line)
        line.append(contentsOf: Array(",\"company_id\":\(companyID),\"project_id\":".utf8))
        line.append(contentsOf: Array((projectID.map(String.init) ?? "null").utf8))
        line.append(contentsOf: Array(",\"fetched_at\":".utf8))
        appendString(fetchedAt, to: &line)
        line.append(contentsOf: Array(",\"record\":".utf8))
        let recordStart = line.count
        appendRaw(record.raw, to: &line)
        let recordRange = recordStart..<line.count
        line.append(contentsOf: Array(",\"children\":".utf8))
        let childrenStart = line.count
        line.append(UInt8(ascii: "{"))
        var childRanges: [[Range<Int>]] = []
        for (index, child) in children.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            appendString(child.name, to: &line)
            line.append(contentsOf: Array(":[".utf8))
            var ranges: [Range<Int>] = []
            for (position, item) in child.records.enumerated() {
                if position > 0 { line.append(UInt8(ascii: ",")) }
                let start = line.count
                appendRaw(item.raw, to: &line)
                ranges.append(start..<line.count)
            }
            childRanges.append(ranges)
            line.append(UInt8(ascii: "]"))
        }
        line.append(UInt8(ascii: "}"))
        let childrenRange = childrenStart..<line.count
        line.append(contentsOf: Array("}\n".utf8))
        return (line, recordRange, childrenRange, childRanges)
    }

    private static func appendRaw(_ raw: Data, to line: inout Data) {
        // Scanned through a buffer pointer: `Data`'s own iterator costs a call per byte, and
        // every byte of every record the pull receives passes here.
        raw.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            if buffer.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                line.append(contentsOf: buffer.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
            } else {
                line.append(contentsOf: buffer)
            }
        }
    }

    /// Appends `text` as a JSON string literal.
    static func appendString(_ text: String, to line: inout Data) {
        line.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): line.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): line.append(contentsOf: [0x5C, 0x5C])
            case 0..<0x20: line.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default: line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
