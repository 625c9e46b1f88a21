import Foundation

/// Writes `job-to-date.{html,csv,json}` into a folder (created when missing), each atomically.
public enum JobToDateWriter {
    public typealias Files = ReportFiles

    public static func write(_ report: JobToDateReport, directory: String, currencySymbol: String = "$") throws -> Files {
        try ReportFiles.write(directory: directory, name: "job-to-date",
                              html: try JobToDateHTML.render(report, currencySymbol: currencySymbol),
                              csv: JobToDateCSV.render(report), json: report)
    }
}
