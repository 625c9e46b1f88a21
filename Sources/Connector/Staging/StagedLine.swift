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
        var line = Data()
        line.reserveCapacity(record.raw.count + children.reduce(0) { $0 + $1.records.reduce(0) { $0 + $1.raw.count + 1 } } + 160)
        line.append(contentsOf: Array("{\"resource\":".utf8))
        appendString(resource, to: &line)
        line.append(contentsOf: Array(",\"company_id\":\(companyID),\"project_id\":".utf8))
        line.append(contentsOf: Array((projectID.map(String.init) ?? "null").utf8))
        line.append(contentsOf: Array(",\"fetched_at\":".utf8))
        appendString(fetchedAt, to: &line)
        line.append(contentsOf: Array(",\"record\":".utf8))
        appendRaw(record.raw, to: &line)
        line.append(contentsOf: Array(",\"children\":{".utf8))
        for (index, child) in children.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            appendString(child.name, to: &line)
            line.append(contentsOf: Array(":[".utf8))
            for (position, item) in child.records.enumerated() {
                if position > 0 { line.append(UInt8(ascii: ",")) }
                appendRaw(item.raw, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        }
        line.append(contentsOf: Array("}}\n".utf8))
        return line
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
