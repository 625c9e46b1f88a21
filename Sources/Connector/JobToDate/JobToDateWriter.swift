import Foundation

/// Writes `job-to-date.{html,csv,json}` into a folder (created when missing), each atomically.
public enum JobToDateWriter {
    public struct Files: Sendable, Codable {
        public var html: String
        public var csv: String
        public var json: String
    }

    public static func write(_ report: JobToDateReport, directory: String, currencySymbol: String = "$") throws -> Files {
        try FileSystem.makeDirectories(directory)
        let files = Files(html: directory + "/job-to-date.html", csv: directory + "/job-to-date.csv", json: directory + "/job-to-date.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileSystem.writeAtomically(Data(try JobToDateHTML.render(report, currencySymbol: currencySymbol).utf8), to: files.html)
        try FileSystem.writeAtomically(JobToDateCSV.render(report), to: files.csv)
        try FileSystem.writeAtomically(try encoder.encode(report), to: files.json)
        return files
    }
}
