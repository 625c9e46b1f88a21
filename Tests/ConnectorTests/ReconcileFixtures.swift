import Money
import Foundation
import JSON
import Ledger
import Sage100
import Synchronization
@testable import Connector

/// A real ledger in a temporary folder with a run, and helpers that move records through the
/// real ledger API (insert, validate, batch, post) the way transform and post do.
final class ReconcileFixture {
    let folder: URL
    let ledger: Ledger
    let runID: RunID
    let company = "ABC"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger.open(path: folder.appendingPathComponent("ledger.sqlite").path)
        runID = try ledger.beginRun(kind: "run")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var outbox: String { folder.appendingPathComponent("outbox").path }

    static func resource(_ kind: SageDocumentKind) -> String {
        switch kind {
        case .apInvoices: return "requisitions"
        case .purchaseOrders: return "purchase_order_contracts"
        case .glEntries, .purchaseOrderChanges: return "commitment_change_orders"
        case .manualChecks: return "contract_payments"
        case .vendors: return "vendors"
        case .salesOrders: return "payment_applications"
        }
    }

    func key(_ kind: SageDocumentKind, _ sourceID: Int64) -> String {
        "\(company):\(kind.rawValue):\(Self.resource(kind)):\(sourceID)"
    }

    /// A record staged and validated (state `valid`).
    func validRecord(_ kind: SageDocumentKind, sourceID: Int64, version: String = "2026-11-20T10:00:00Z") throws -> LedgerRecord {
        let record = try ledger.insertRecord(NewLedgerRecord(
            resource: Self.resource(kind), companyID: 1, projectID: 7, sourceID: sourceID, sourceUpdatedAt: version,
            contentSHA256: String(repeating: "a", count: 48) + String(format: "%016llx", sourceID &+ Int64(version.hashValue & 0xFFFF)),
            runID: runID, idempotencyKey: key(kind, sourceID)))
        return try ledger.settleValidation(recordID: record.id, valid: true, reasons: [], runID: runID)
    }

    /// One batch of `kind` with the given records (amounts per record), state `ready`.
    @discardableResult
    func batch(_ kind: SageDocumentKind, _ records: [(sourceID: Int64, targetKey: String?, amounts: [RecordAmount])],
               state: LedgerBatchState = .ready, suffix: String = "") throws -> (String, [LedgerRecord]) {
        let batchID = "\(runID)-\(kind.rawValue)\(suffix)"
        var made: [LedgerRecord] = []
        var amounts: [Int64: [RecordAmount]] = [:]
        for item in records {
            let record = try validRecord(kind, sourceID: item.sourceID)
            made.append(record)
            amounts[record.id] = item.amounts
        }
        let total = records.reduce(Decimal(0)) { sum, item in
            sum + Reconciler.documentAmount(item.amounts, kind: kind.rawValue)
        }
        try ledger.commitBatch(BatchCommit(
            batchID: batchID, runID: runID, kind: kind.rawValue, company: company, state: state,
            path: outbox + "/" + batchID, controlTotal: Money(total).plain,
            records: zip(made, records).map { ($0.id, $1.targetKey) }, identities: [], amounts: amounts))
        return (batchID, made)
    }

    /// Sends records and records the answers, as `post` does.
    func settle(_ records: [LedgerRecord], batchID: String, as state: RecordState, sageKeys: [String?] = [], error: String? = nil) throws {
        let attempts = try ledger.beginPosting(recordIDs: records.map(\.id), batchID: batchID, runID: runID)
        try ledger.finishPosting(records.enumerated().map { index, record in
            PostingResult(recordID: record.id, attemptID: attempts[record.id], state: state,
                          targetKey: index < sageKeys.count ? sageKeys[index] : nil,
                          errors: error.map { [$0] } ?? [], outcome: state == .posted ? "posted" : state.rawValue)
        }, runID: runID)
    }

    /// AP invoice source amounts as transform writes them: distribution lines, a negative
    /// retainage line, then gross / retainage / net rows.
    static func invoiceAmounts(vendor: String, job: String?, lines: [(String, Decimal)], retainage: Decimal = 0,
                               retainageAccount: String = "2010-00-00") -> [RecordAmount] {
        let kind = SageDocumentKind.apInvoices.rawValue
        var rows = lines.map { RecordAmount(kind: kind, vendorNo: vendor, jobNo: job, account: $0.0, amount: $0.1) }
        let gross = lines.reduce(Decimal(0)) { $0 + $1.1 }
        if retainage != 0 {
            rows.append(RecordAmount(kind: kind, vendorNo: vendor, jobNo: job, account: retainageAccount, amount: -retainage))
        }
        for (line, amount) in [("gross", gross), ("retainage", retainage), ("net", gross - retainage)] {
            rows.append(RecordAmount(kind: kind, line: line, vendorNo: vendor, jobNo: job, account: nil, amount: amount))
        }
        return rows
    }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
}

/// Chart of accounts used by the fixtures, as the agent reports it.
enum ReconcileAccounts {
    static let list: [(String, String)] = [
        ("5100-01-00", "Subcontract Costs - Sitework"), ("5100-04-00", "Subcontract Costs - Finishes"),
        ("2010-00-00", "Retainage Payable"), ("2000-00-00", "Accounts Payable"), ("5200-00-00", "Materials"),
    ]

    static func accountKey(_ formatted: String) -> String {
        let raw = formatted.filter { $0 != "-" }
        return raw + String(repeating: "0", count: max(0, 9 - raw.count))
    }

    static var glAccounts: [GLAccount] {
        list.map { account, desc in
            GLAccount(accountKey: accountKey(account), account: account, rawAccount: account.filter { $0 != "-" },
                      mainAccountCode: String(account.prefix(4)), accountDesc: desc)
        }
    }
}

/// An in-memory agent read-back for fast unit tests: documents per batch, as the contract shapes them.
final class ReconcileFakeSource: ReconciliationSource, Sendable {
    let documents = Mutex<[String: [AgentPostedDocument]]>([:])
    let names: [String: String]

    init(vendorNames: [String: String] = [:]) { names = vendorNames }

    /// An AP invoice as Sage holds it: lines with AccountKey (Sage's key) and DistributionAmt.
    func addInvoice(batchID: String, key: String?, sageKey: String, vendor: String, job: String?,
                    lines: [(String, String)]) {
        var total = Decimal(0)
        var items: [JSONValue] = []
        for (account, amount) in lines {
            total += ReconcileFixture.decimal(amount)
            items.append(.object(["AccountKey": .string(ReconcileAccounts.accountKey(account)), "DistributionAmt": .string(amount),
                                  "JobNo": .string(job ?? "")]))
        }
        let record: JSONValue = .object(["VendorNo": .string(vendor), "JobNo": .string(job ?? ""),
                                         "InvoiceAmt": .string(Money(total).plain), "lines": .array(items)])
        let document = AgentPostedDocument(sageKey: sageKey, kind: "ap-invoices", batchID: batchID, idempotencyKey: key,
                                           postedAt: "2026-11-29T01:00:00Z", amount: Money(total).plain, record: record)
        documents.withLock { $0[batchID, default: []].append(document) }
    }

    /// A GL journal entry as Sage holds it: lines with AccountKey, DebitAmount and CreditAmount.
    func addJournal(batchID: String, key: String?, sageKey: String, lines: [(account: String, debit: String, credit: String)]) {
        let debits = lines.reduce(Decimal(0)) { $0 + ReconcileFixture.decimal($1.debit) }
        let items: [JSONValue] = lines.map { line in
            .object(["AccountKey": .string(ReconcileAccounts.accountKey(line.account)), "DebitAmount": .string(line.debit),
                     "CreditAmount": .string(line.credit)])
        }
        let document = AgentPostedDocument(sageKey: sageKey, kind: "gl-entries", batchID: batchID, idempotencyKey: key,
                                           postedAt: "2026-11-29T01:00:00Z", amount: Money(debits).plain,
                                           record: .object(["EntryNo": .string(sageKey), "lines": .array(items)]))
        documents.withLock { $0[batchID, default: []].append(document) }
    }

    func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        documents.withLock { $0[batchID] ?? [] }.filter { $0.kind == kind.rawValue }
    }

    func postingLookup(idempotencyKey: String) async throws -> PostingLookup {
        for (_, list) in documents.withLock({ $0 }) {
            if let hit = list.first(where: { $0.idempotencyKey == idempotencyKey }) {
                return PostingLookup(found: true, status: .posted, sageKey: hit.sageKey, kind: hit.kind, batchID: hit.batchID)
            }
        }
        return PostingLookup(found: false)
    }

    func reconciliationAccounts() async throws -> [GLAccount] { ReconcileAccounts.glAccounts }

    func reconciliationVendorNames() async throws -> [String: String] { names }
}
