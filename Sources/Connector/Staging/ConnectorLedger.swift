import Foundation
import Ledger
import SQLSupport

/// The one way the commands open a configuration's ledger: the file (its folder created when
/// missing) or the PostgreSQL database `ledger.url` names, migrated, with what older ledgers
/// lack filled in once: their staging folders as source versions, and the payment facts of
/// versions stored before those were kept.
public enum ConnectorLedger {
    public static func open(path: String, url: PostgresURL? = nil, stagingRoot: String) throws -> Ledger {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let ledger = try url.map { try Ledger.open(postgres: $0, lockPath: path) } ?? Ledger.open(path: path)
        try StagingImport.importOnce(ledger: ledger, stagingRoot: stagingRoot)
        try indexPaymentFactsOnce(ledger)
        return ledger
    }

    static let paymentResources = ["purchase_order_contracts", "work_order_contracts", "requisitions", "contract_payments"]

    /// Gives every newest commitment, requisition and payment version its payment fact, once.
    /// Versions whose line no longer parses get none (transform reports those records).
    @discardableResult
    public static func indexPaymentFactsOnce(_ ledger: Ledger) throws -> Int {
        if try ledger.paymentFactsIndexed() { return 0 }
        var facts: [(resource: String, sourceID: Int64, projectID: Int64?, fact: SourcePaymentFact)] = []
        let seqs = try ledger.newestSequences(resources: paymentResources)
        for start in stride(from: 0, to: seqs.count, by: 500) {
            for version in try ledger.sourceVersions(seqs: Array(seqs[start..<min(start + 500, seqs.count)])) {
                guard case .success(let staged) = StagedRecordReader.parse(version.line, file: "ledger", line: Int(version.seq)),
                      let fact = SourceVersionBuilder.paymentFact(of: staged) else { continue }
                facts.append((version.resource, version.sourceID, version.projectID, fact))
            }
        }
        try ledger.indexPaymentFacts(facts)
        return facts.count
    }
}
