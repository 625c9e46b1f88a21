import Foundation

/// A report written as `<name>.{html,csv,json}` into a folder (created when missing), each
/// file atomically; the JSON pretty-printed with sorted keys (stable for diffs).
public struct ReportFiles: Sendable, Codable, Equatable {
    public var html: String
    public var csv: String
    public var json: String

    static func write(directory: String, name: String, html: String, csv: Data, json value: some Encodable) throws -> ReportFiles {
        try FileSystem.makeDirectories(directory)
        let files = ReportFiles(html: "\(directory)/\(name).html", csv: "\(directory)/\(name).csv", json: "\(directory)/\(name).json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileSystem.writeAtomically(Data(html.utf8), to: files.html)
        try FileSystem.writeAtomically(csv, to: files.csv)
        try FileSystem.writeAtomically(try encoder.encode(value), to: files.json)
        return files
    }
}
