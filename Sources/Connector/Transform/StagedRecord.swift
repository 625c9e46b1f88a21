import Foundation
import Procore

/// One staged line read back: the Procore record and its children byte for byte, where it came
/// from, and its content hash (sha256 of the `record` bytes followed by the `children` bytes).
public struct StagedRecord: Sendable {
    /// Staged resource name, e.g. `requisitions`.
    public var resource: String
    public var companyID: Int64
    public var projectID: Int64?
    public var fetchedAt: String?
    public var record: ProcoreRecord
    /// Child lists by name (`contract_items`, `line_items`, …).
    public var children: [String: [ProcoreRecord]]
    /// sha256 hex of the staged `record` and `children` bytes: the content half of the version.
    public var contentSHA256: String
    /// The file and line it was read from, for messages.
    public var file: String
    public var line: Int

    /// Where the version came from when not a file (`ledger version 812 of requisitions 77`).
    public var origin: String?

    /// "requisitions.jsonl line 12", or the ledger version it was read from.
    public var location: String { origin ?? "\(file) line \(line)" }
}

/// Why a staged line could not be read.
public struct StagedLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The field at fault (`record`, `children.contract_items`, …).
    public var field: String
    public var reason: String

    public var description: String {
        "\(file) line \(line): \(field) \(reason); the line is skipped. Pull again (ml-connector pull) or fix the staged file and transform again"
    }
}

/// Reads staging files (`<resource>.jsonl`) written by the pull.
public enum StagedRecordReader {
    /// Every line of `path`; unreadable lines come back as errors, in file order.
    /// Holds the whole file's records: for big files use ``forEach(path:_:)``.
    public static func read(path: String) -> (records: [StagedRecord], errors: [StagedLineError]) {
        var records: [StagedRecord] = []
        var errors: [StagedLineError] = []
        forEach(path: path) { result in
            switch result {
            case .success(let record): records.append(record)
            case .failure(let error): errors.append(error)
            }
        }
        return (records, errors)
    }

    /// Calls `body` with each line of `path` in file order (blank lines skipped), reading one
    /// line at a time: memory stays the same whatever the file's size.
    public static func forEach(path: String, _ body: (Result<StagedRecord, StagedLineError>) throws -> Void) rethrows {
        let file = (path as NSString).lastPathComponent
        guard var reader = StagedLineReader(path: path) else {
            try body(.failure(StagedLineError(file: file, line: 0, field: "file", reason: "cannot be read")))
            return
        }
        while let line = reader.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            try body(parse(line, file: file, line: reader.lineNumber))
        }
    }

    /// Parses one line.
    /// - Parameter contentSHA256: the line's content hash when it is already known (a ledger
    ///   version stores the hash computed when the line was received); nil: computed here.
    public static func parse(_ line: Data, file: String, line number: Int,
                             contentSHA256: String? = nil) -> Result<StagedRecord, StagedLineError> {
        func fail(_ field: String, _ reason: String) -> Result<StagedRecord, StagedLineError> {
            .failure(StagedLineError(file: file, line: number, field: field, reason: reason))
        }
        let bytes = [UInt8](line)
        let fields: [String: Range<Int>]
        do {
            fields = try TopLevelFields.scan(bytes)
        } catch {
            return fail("line", "is not a JSON object (\(error.reason) at byte \(error.offset))")
        }
        func slice(_ name: String) -> Data? { fields[name].map { Data(bytes[$0]) } }
        guard let resourceData = slice("resource"), let resource = decodeString(resourceData) else {
            return fail("resource", "is missing or not a string")
        }
        guard let companyData = slice("company_id"), let companyID = Int64(String(decoding: companyData, as: UTF8.self)) else {
            return fail("company_id", "is missing or not an integer")
        }
        var projectID: Int64?
        if let projectData = slice("project_id") {
            let text = String(decoding: projectData, as: UTF8.self)
            if text != "null" {
                guard let value = Int64(text) else { return fail("project_id", "is not an integer or null") }
                projectID = value
            }
        }
        let fetchedAt = slice("fetched_at").flatMap(decodeString)
        guard let recordRange = fields["record"] else { return fail("record", "is missing") }
        let recordData = Data(bytes[recordRange])
        let record: ProcoreRecord
        do {
            record = try ProcoreJSONSplitter.record(ofObject: recordData)
        } catch {
            return fail("record", "is not a Procore record: \(error)")
        }
        var children: [String: [ProcoreRecord]] = [:]
        var childrenData = Data()
        if let childrenRange = fields["children"] {
            childrenData = Data(bytes[childrenRange])
            let childBytes = [UInt8](childrenData)
            let lists: [String: Range<Int>]
            do {
                lists = try TopLevelFields.scan(childBytes)
            } catch {
                return fail("children", "is not a JSON object (\(error.reason))")
            }
            for (name, range) in lists {
                do {
                    children[name] = try ProcoreJSONSplitter.records(of: Data(childBytes[range]))
                } catch {
                    return fail("children.\(name)", "is not a list of Procore records: \(error)")
                }
            }
        }
        let hash = contentSHA256 ?? {
            var hashed = recordData
            hashed.append(childrenData)
            return ContentHash.sha256(hashed)
        }()
        return .success(StagedRecord(resource: resource, companyID: companyID, projectID: projectID, fetchedAt: fetchedAt,
                                     record: record, children: children, contentSHA256: hash,
                                     file: file, line: number))
    }

    static func decodeString(_ data: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? String
    }
}

/// Finds the byte ranges of the values of a JSON object's top-level fields without decoding them.
enum TopLevelFields {
    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    static func scan(_ b: [UInt8]) throws(Failure) -> [String: Range<Int>] {
        var i = 0
        func skipSpace() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
        func string() throws(Failure) -> Range<Int> {
            guard i < b.count, b[i] == 0x22 else { throw Failure(offset: i, reason: "expected a string") }
            let start = i
            i += 1
            while i < b.count {
                if b[i] == 0x5C { i += 2; continue }
                if b[i] == 0x22 { i += 1; return start..<i }
                i += 1
            }
            throw Failure(offset: start, reason: "unterminated string")
        }
        func value() throws(Failure) -> Range<Int> {
            guard i < b.count else { throw Failure(offset: i, reason: "missing value") }
            let start = i
            switch b[i] {
            case 0x22:
                return try string()
            case 0x7B, 0x5B:
                var depth = 0
                while i < b.count {
                    switch b[i] {
                    case 0x22: _ = try string(); continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 { i += 1; return start..<i }
                    default: break
                    }
                    i += 1
                }
                throw Failure(offset: start, reason: "unterminated object or array")
            default:
                while i < b.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 }
                guard i > start else { throw Failure(offset: start, reason: "missing value") }
                return start..<i
            }
        }
        skipSpace()
        guard i < b.count, b[i] == 0x7B else { throw Failure(offset: i, reason: "expected '{'") }
        i += 1
        var fields: [String: Range<Int>] = [:]
        skipSpace()
        if i < b.count, b[i] == 0x7D { return fields }
        while true {
            skipSpace()
            let keyRange = try string()
            let key = StagedRecordReader.decodeString(Data(b[keyRange])) ?? ""
            skipSpace()
            guard i < b.count, b[i] == 0x3A else { throw Failure(offset: i, reason: "expected ':'") }
            i += 1
            skipSpace()
            fields[key] = try value()
            skipSpace()
            guard i < b.count else { throw Failure(offset: i, reason: "unterminated object") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x7D { i += 1; break }
            throw Failure(offset: i, reason: "expected ',' or '}'")
        }
        skipSpace()
        guard i == b.count else { throw Failure(offset: i, reason: "unexpected data after the object") }
        return fields
    }
}
