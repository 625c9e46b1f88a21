import Foundation

/// The report as JSON: the ``ReconciliationReport`` itself (money as decimal strings), with
/// the headline, sorted keys, pretty printed.
public enum ReconciliationJSON {
    struct Document: Encodable {
        var headline: String
        var report: ReconciliationReport
    }

    public static func render(_ report: ReconciliationReport, currencySymbol: String = "$") throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(headline: report.headline(currencySymbol: currencySymbol), report: report))
        data.append(0x0A)
        return data
    }

    /// Reads a report written by ``render(_:currencySymbol:)``.
    public static func read(_ data: Data) throws -> ReconciliationReport {
        struct Wrapper: Decodable { var report: ReconciliationReport }
        let decoder = JSONDecoder()
        return try decoder.decode(Wrapper.self, from: data).report
    }
}
