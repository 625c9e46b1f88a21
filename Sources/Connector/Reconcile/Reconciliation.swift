import Money
import Foundation
import Ledger

/// The `reconcile` stage in one call: compare, write the three report files, audit.
public enum Reconciliation {
    /// What the stage produced.
    public struct Outcome: Sendable {
        public var report: ReconciliationReport
        public var files: ReconciliationWriter.Files
        /// 0 when reconciled, 4 when something needs a person (docs/pipeline.md exit codes).
        public var exitCode: Int32 { report.exitCode }
        public var exitStatus: ExitStatus { report.exitStatus }
    }

    /// Reconciles `runID` (the newest run with batches when nil), writes
    /// `<outboxRoot>/<run-id>/reconciliation.{html,csv,json}` and appends a `run.reconciled`
    /// audit row with the result.
    public static func run(ledger: Ledger, source: any ReconciliationSource, options: ReconcileOptions,
                           runID: RunID? = nil, outboxRoot: String,
                           templatePath: String? = "templates/reconciliation.mustache",
                           notes: [String] = []) async throws -> Outcome {
        let writer = try ReconciliationWriter(outboxRoot: outboxRoot, templatePath: templatePath,
                                              currencySymbol: options.currencySymbol)
        var report = try await Reconciler(ledger: ledger, source: source, options: options).reconcile(runID: runID)
        report.notes += notes
        var files = try writer.write(report)
        files.fixes = try writer.writeFixes(FixSheet.rows(try ledger.openFixes()), runID: report.runID)
        struct Detail: Encodable {
            var reconciled: Bool
            var exceptions: Int
            var openElsewhere: Int
            var documents: Int
            var postedTotal: Money
            var report: String
        }
        let detail = Detail(reconciled: report.isReconciled, exceptions: report.exceptions.count,
                            openElsewhere: report.carriedOverRecords, documents: report.postedDocuments, postedTotal: report.postedTotal, report: files.json)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(detail), as: UTF8.self)
        try ledger.appendAudit(action: "run.reconciled", subject: "run:\(report.runID)", detailJSON: json, runID: report.runID)
        return Outcome(report: report, files: files)
    }
}
