import Foundation
import JSON
import Ledger
import Money
import Procore
import Sage100

/// Builds the job-to-date reconciliation. Procore's side comes from the ledger's newest version
/// of every commitment, approved change order, approved requisition and payment (what Procore
/// said when last pulled); Sage's side from the agent's job-documents read (what the Sage tables
/// hold, however it got there), paired through the identity map. Reads only.
public struct JobToDateBuilder: Sendable {
    public var ledger: Ledger
    public var agent: any SageAgent
    /// The Sage company code the identity map is kept under.
    public var company: String
    /// Procore project id -> Sage job number, for the projects mapped to a job.
    public var jobs: [Int64: String]
    /// Leave out documents dated after this day (both sides); nil = everything.
    public var asOf: ProcoreDay?
    /// Only these projects (all mapped ones when nil).
    public var projects: Set<Int64>?
    /// `mapping.payments: sage`: checks are written in Sage, so a Procore payment is never "not
    /// sent" and a check keyed in Sage against a posted invoice is the expected way.
    public var paymentsInSage = false

    public init(ledger: Ledger, agent: any SageAgent, company: String, jobs: [Int64: String],
                asOf: ProcoreDay? = nil, projects: Set<Int64>? = nil) {
        self.ledger = ledger
        self.agent = agent
        self.company = company
        self.jobs = jobs
        self.asOf = asOf
        self.projects = projects
    }

    static let commitmentResources = ["purchase_order_contracts", "work_order_contracts"]
    static let approvedCommitmentStatuses: Set<String> = ["approved", "complete"]

    /// What Procore says about one commitment, and the records behind it.
    struct Commitment {
        var id: Int64
        var resource: String
        var projectID: Int64
        var approved: Bool
        var status: String?
        var number: String?
        var title: String?
        var vendorName: String?
        var original: Money
        var changeOrders: Money = .zero
        var figures = JobToDateFigures()
        var notSent: [JobToDateUnsent] = []
        var sage = JobToDateFigures()
    }

    public func build(now: Date = Date(), onJob: (@Sendable (Int, Int) -> Void)? = nil) async throws -> JobToDateReport {
        let inScope = jobs.filter { projects?.contains($0.key) ?? true }
        let high = try ledger.sourceSequenceHigh()
        func latest(_ resource: String) throws -> [StagedRecord] {
            let keys = try ledger.newestSourceKeys(resource: resource, after: 0, through: high)
                .filter { $0.projectID.map { inScope[$0] != nil } ?? true }
            var out: [StagedRecord] = []
            for chunk in stride(from: 0, to: keys.count, by: 500) {
                for version in try ledger.sourceVersions(seqs: keys[chunk..<min(chunk + 500, keys.count)].map(\.seq)) {
                    if case .success(let staged) = SourceIndex.parse(version) { out.append(staged) }
                }
            }
            return out
        }
        func included(_ day: ProcoreDay?) -> Bool {
            guard let asOf else { return true }
            return (day ?? asOf) <= asOf
        }

        // Procore's side.
        var projectNames: [Int64: String] = [:]
        for staged in try latest(ProcoreResource.projects.rawValue) {
            if let project = try? staged.record.decode(Project.self), let name = project.name { projectNames[project.id] = name }
        }
        var commitments: [Int64: Commitment] = [:]
        for resource in Self.commitmentResources {
            let live = try ledger.liveRecordStates(resource: resource)
            for staged in try latest(resource) {
                guard let record = try? JSONValue.parse(staged.record.raw),
                      Self.isNull(record["deleted_at"]),
                      let projectID = staged.projectID ?? record["project"]?["id"].flatMap(Self.int), inScope[projectID] != nil,
                      included(Self.day(record, "contract_date", "issued_on_date", "execution_date", "created_at"))
                else { continue }
                let original = Self.money(record["grand_total"])
                    ?? (record["line_items"]?.arrayValue ?? []).reduce(Money.zero) { $0 + (Self.money($1["amount"]) ?? .zero) }
                let approved = Self.approvedCommitmentStatuses.contains((record["status"]?.stringValue ?? "").lowercased())
                var c = Commitment(id: staged.record.id, resource: resource, projectID: projectID, approved: approved,
                                   status: record["status"]?.stringValue,
                                   number: record["number"]?.stringValue, title: record["title"]?.stringValue,
                                   vendorName: record["vendor"]?["company"]?.stringValue ?? record["vendor"]?["name"]?.stringValue, original: original)
                // Only an approved (or complete) commitment commits anything; one in draft, out
                // for signature or terminated is listed when it was billed or paid against.
                if approved {
                    c.figures.committed = original
                    let what = resource == "purchase_order_contracts" ? "purchase order contract" : "subcontract"
                    Self.unsent(&c, live[c.id], resource: resource, id: c.id,
                                label: "\(what) \(c.id)" + (c.number.map { " (number \($0))" } ?? ""),
                                amounts: JobToDateFigures(committed: original))
                }
                commitments[c.id] = c
            }
        }

        var changeOrderDates: [Int64: ProcoreDay] = [:]
        let changeOrderStates = try ledger.liveRecordStates(resource: ProcoreResource.commitmentChangeOrders.rawValue)
        for staged in try latest(ProcoreResource.commitmentChangeOrders.rawValue) {
            guard let record = try? JSONValue.parse(staged.record.raw),
                  (record["status"]?.stringValue ?? "").lowercased() == "approved", Self.isNull(record["deleted_at"]),
                  let contractID = (record["contract_id"].flatMap(Self.int) ?? record["contract"]?["id"].flatMap(Self.int)),
                  commitments[contractID] != nil else { continue }
            let day = Self.day(record, "signed_change_order_received_date", "created_at")
            changeOrderDates[staged.record.id] = day
            guard included(day) else { continue }
            let amount = Self.money(record["grand_total"])
                ?? (record["line_items"]?.arrayValue ?? []).reduce(Money.zero) { $0 + (Self.money($1["amount"]) ?? .zero) }
            guard commitments[contractID]!.approved else { continue }
            commitments[contractID]!.changeOrders = commitments[contractID]!.changeOrders + amount
            commitments[contractID]!.figures.committed = commitments[contractID]!.figures.committed + amount
            Self.unsent(&commitments[contractID]!, changeOrderStates[staged.record.id], resource: staged.resource, id: staged.record.id,
                        label: "commitment change order \(staged.record.id)" + (record["number"]?.stringValue.map { " (number \($0))" } ?? ""),
                        amounts: JobToDateFigures(committed: amount))
        }

        var requisitionCommitment: [Int64: Int64] = [:]
        let requisitionStates = try ledger.liveRecordStates(resource: ProcoreResource.requisitions.rawValue)
        for staged in try latest(ProcoreResource.requisitions.rawValue) {
            guard let requisition = try? staged.record.decode(Requisition.self),
                  TransformSession.approvedRequisitionStatuses.contains((requisition.status ?? "").lowercased()),
                  let commitmentID = requisition.commitmentID, commitments[commitmentID] != nil else { continue }
            requisitionCommitment[requisition.id] = commitmentID
            guard included(requisition.billingDate ?? requisition.requisitionEnd ?? requisition.updatedAt.map(Self.day)) else { continue }
            let items = RequisitionBilling.items(of: staged, requisition: requisition)
            let billing = RequisitionBilling(contractItems: items.contract, changeOrderItems: items.changeOrders)
            let amounts = JobToDateFigures(billed: Money(billing.gross), retainage: Money(billing.retainage))
            commitments[commitmentID]!.figures += amounts
            Self.unsent(&commitments[commitmentID]!, requisitionStates[requisition.id], resource: staged.resource, id: requisition.id,
                        label: "requisition \(requisition.id)" + (requisition.invoiceNumber.map { " (invoice \($0))" } ?? ""),
                        amounts: amounts)
        }

        let paymentStates = try ledger.liveRecordStates(resource: ProcoreResource.contractPayments.rawValue)
        for staged in try latest(ProcoreResource.contractPayments.rawValue) {
            guard let payment = try? staged.record.decode(ContractPayment.self),
                  let commitmentID = payment.contractID, commitments[commitmentID] != nil,
                  let amount = payment.amount,
                  included(payment.date ?? payment.datePaymentSettled.map(Self.day)) else { continue }
            let amounts = JobToDateFigures(paid: Money(amount))
            commitments[commitmentID]!.figures += amounts
            if paymentsInSage { continue }
            Self.unsent(&commitments[commitmentID]!, paymentStates[payment.id], resource: staged.resource, id: payment.id,
                        label: "contract payment \(payment.id)" + (payment.checkNumber.map { " (check \($0))" } ?? ""),
                        amounts: amounts)
        }

        // Sage's side, paired through the identity map.
        let purchaseOrders = try ledger.identityPairs(company: company, resource: SageDocumentKind.purchaseOrders.rawValue)
        let commitmentOfPO = Dictionary(purchaseOrders.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let requisitionOfInvoice = Dictionary(
            try ledger.identityPairs(company: company, resource: SageDocumentKind.apInvoices.rawValue).map { ($0.value, $0.key) },
            uniquingKeysWith: { a, _ in a })
        /// Purchase order -> (first LineKey of a change, its change order's date), for as-of.
        var changeStarts: [String: [(String, ProcoreDay?)]] = [:]
        if asOf != nil {
            for (changeOrderID, key) in try ledger.identityPairs(company: company, resource: SageDocumentKind.purchaseOrderChanges.rawValue) {
                guard let dash = key.lastIndex(of: "-") else { continue }
                changeStarts[String(key[..<dash]), default: []].append((String(key[key.index(after: dash)...]), changeOrderDates[changeOrderID]))
            }
            for po in changeStarts.keys { changeStarts[po]!.sort { $0.0 < $1.0 } }
        }

        var report: [JobToDateJob] = []
        let jobList = inScope.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        for (position, (projectID, jobNo)) in jobList.enumerated() {
            onJob?(position + 1, jobList.count)
            var sageOnly: [JobToDateSageDocument] = []
            var sageOnlyTotals = JobToDateFigures()
            let documents = try await agent.jobDocuments(jobNo: jobNo)
            let jobInvoices = Set(documents.filter { $0.kind == SageDocumentKind.apInvoices.rawValue }.map(\.sageKey))
            /// The commitment on this job whose requisition an AP invoice (by key) was posted for.
            func owner(ofInvoice key: String) -> Int64? {
                guard let requisition = requisitionOfInvoice[key], let owner = requisitionCommitment[requisition],
                      commitments[owner]?.projectID == projectID else { return nil }
                return owner
            }
            for document in documents {
                guard let kind = SageDocumentKind(rawValue: document.kind) else { continue }
                let record = document.record
                func field(_ name: String) -> String? { record[name]?.stringValue }
                let lines = record["lines"]?.arrayValue ?? []
                var counted: Int64?
                var amount = Money.zero
                var date: ProcoreDay?
                switch kind {
                case .purchaseOrders:
                    date = field("PurchaseOrderDate").flatMap(Self.sageDay)
                    guard included(date) else { continue }
                    let po = field("PurchaseOrderNo") ?? document.sageKey
                    let owner = commitmentOfPO[po].flatMap { commitments[$0]?.projectID == projectID ? $0 : nil }
                    for line in lines where line["JobNo"]?.stringValue == jobNo {
                        let lineAmount = Self.money(line["ExtensionAmt"]) ?? .zero
                        var lineDay = date
                        if let key = line["LineKey"]?.stringValue, let change = changeStarts[po]?.last(where: { $0.0 <= key }) {
                            lineDay = change.1 ?? date
                        }
                        guard included(lineDay) else { continue }
                        amount = amount + lineAmount
                    }
                    if let owner {
                        commitments[owner]!.sage.committed = commitments[owner]!.sage.committed + amount
                        counted = owner
                    } else {
                        sageOnlyTotals.committed = sageOnlyTotals.committed + amount
                    }
                case .apInvoices:
                    date = field("InvoiceDate").flatMap(Self.sageDay)
                    guard included(date) else { continue }
                    amount = lines.filter { $0["JobNo"]?.stringValue == jobNo }
                        .reduce(Money.zero) { $0 + (Self.money($1["DistributionAmt"]) ?? .zero) }
                    if let owner = owner(ofInvoice: document.sageKey) {
                        let payable = Self.money(record["InvoiceAmt"]) ?? .zero
                        commitments[owner]!.sage.billed = commitments[owner]!.sage.billed + amount
                        commitments[owner]!.sage.retainage = commitments[owner]!.sage.retainage + (amount - payable)
                        counted = owner
                    } else {
                        sageOnlyTotals.billed = sageOnlyTotals.billed + amount
                    }
                case .manualChecks:
                    date = field("CheckDate").flatMap(Self.sageDay)
                    guard included(date) else { continue }
                    let division = field("APDivisionNo") ?? "", vendor = field("VendorNo") ?? ""
                    for line in lines {
                        guard let invoiceNo = line["InvoiceNo"]?.stringValue else { continue }
                        let lineAmount = Self.money(line["InvoiceAmt"]) ?? .zero
                        let invoiceKey = SageDocumentKey.apInvoice(division: division, vendorNo: vendor, invoiceNo: invoiceNo)
                        if let owner = owner(ofInvoice: invoiceKey) {
                            commitments[owner]!.sage.paid = commitments[owner]!.sage.paid + lineAmount
                            counted = owner
                            if document.idempotencyKey == nil { amount = amount + lineAmount }
                        } else if jobInvoices.contains(invoiceKey) {
                            amount = amount + lineAmount
                            sageOnlyTotals.paid = sageOnlyTotals.paid + lineAmount
                        }
                    }
                default:
                    continue
                }
                // Shown when keyed in Sage, or imported but paired with no Procore record here.
                let expectedInSage = paymentsInSage && kind == .manualChecks && counted != nil && amount.isZero == false
                if !expectedInSage, document.idempotencyKey == nil || counted == nil, !amount.isZero || counted == nil {
                    sageOnly.append(JobToDateSageDocument(
                        kind: kind.rawValue, sageKey: document.sageKey, date: date, vendorNo: field("VendorNo"), amount: amount,
                        entered: document.idempotencyKey == nil ? "keyed in Sage" : "imported, not by this ledger",
                        countedIn: counted.flatMap { commitments[$0] }.map { Self.commitmentName($0) }))
                }
            }

            // Listed: approved commitments, and any other one with billings or payments.
            commitments = commitments.filter { $0.value.approved || !$0.value.figures.isZero || !$0.value.sage.isZero || $0.value.projectID != projectID }
            var rows: [JobToDateCommitment] = []
            var procoreTotals = JobToDateFigures(), sageTotals = sageOnlyTotals
            for c in commitments.values.filter({ $0.projectID == projectID }).sorted(by: { ($0.number ?? "", $0.id) < ($1.number ?? "", $1.id) }) {
                let difference = c.figures - c.sage
                let held = c.notSent.reduce(JobToDateFigures()) { $0 + $1.amounts }
                let unexplained = difference - held
                rows.append(JobToDateCommitment(
                    commitmentID: c.id, resource: c.resource, number: c.number, title: c.title, vendorName: c.vendorName,
                    procoreStatus: c.status,
                    purchaseOrderNo: purchaseOrders[c.id], originalCommitment: c.original, approvedChangeOrders: c.changeOrders,
                    procore: c.figures, sage: c.sage, difference: difference, notSent: c.notSent, unexplained: unexplained,
                    status: difference.isZero ? .agrees : unexplained.isZero ? .explained : .differs))
                procoreTotals += c.figures
                sageTotals += c.sage
            }
            if rows.isEmpty && sageOnly.isEmpty { continue }  // nothing on the job on either side (e.g. an inactive project)
            report.append(JobToDateJob(jobNo: jobNo, projectID: projectID, projectName: projectNames[projectID],
                                       commitments: rows, inSageOnly: sageOnly, procore: procoreTotals, sage: sageTotals))
        }
        return JobToDateReport(company: company, asOf: asOf, generatedAt: Timestamp.string(from: now), jobs: report)
    }

    // MARK: - Helpers

    /// Counts a record as not sent unless its live record is posted (or drifted: posted, then changed).
    static func unsent(_ c: inout Commitment, _ live: LiveRecordState?, resource: String, id: Int64, label: String,
                       amounts: JobToDateFigures) {
        if let live, live.state == .posted || live.state == .drift { return }
        guard !amounts.isZero else { return }
        c.notSent.append(JobToDateUnsent(resource: resource, sourceID: id, label: label, state: live?.state.rawValue ?? "none",
                                         cause: live?.cause ?? (live == nil ? "no Sage document was made for it (nothing to post, or not transformed yet)" : nil),
                                         amounts: amounts))
    }

    static func commitmentName(_ c: Commitment) -> String {
        (c.number.map { "commitment \($0)" } ?? "commitment \(c.id)") + (c.vendorName.map { " (\($0))" } ?? "")
    }

    static func isNull(_ value: JSONValue?) -> Bool {
        guard let value else { return true }
        if case .null = value { return true }
        return false
    }

    static func int(_ value: JSONValue) -> Int64? {
        switch value {
        case .number(let text), .string(let text): return Int64(text)
        default: return nil
        }
    }

    /// A Procore money value (a decimal string or a number), exactly.
    static func money(_ value: JSONValue?) -> Money? {
        switch value {
        case .number(let text)?, .string(let text)?: return Money.parse(text).map { Money($0) }
        default: return nil
        }
    }

    /// The first of `fields` that holds a date (or the date part of a date-time).
    static func day(_ record: JSONValue, _ fields: String...) -> ProcoreDay? {
        for name in fields { if let text = record[name]?.stringValue, let day = ProcoreDay(iso: text) { return day } }
        return nil
    }

    static func day(_ instant: Date) -> ProcoreDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        return ProcoreDay(year: c.year!, month: c.month!, day: c.day!)
    }

    /// A Sage date `YYYYMMDD`.
    static func sageDay(_ text: String) -> ProcoreDay? {
        guard text.count == 8, let y = Int(text.prefix(4)), let m = Int(text.dropFirst(4).prefix(2)), let d = Int(text.suffix(2)),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return ProcoreDay(year: y, month: m, day: d)
    }
}
