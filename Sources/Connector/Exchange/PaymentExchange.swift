import Crypto
import Foundation
import Ledger
import Money
import Procore
import Sage100

/// Sage 100 -> Procore: checks written in Sage against AP invoices the connector posted become
/// Procore contract payments on the requisition's commitment, so Procore shows paid-to-date
/// (with `mapping.payments: sage`, Sage is the payments system and Procore's own payments are
/// never posted to Sage).
///
/// Exactly once, in three steps, each recorded in the ledger before the next:
/// 1. Settle: an item left `sending` (a send without an answer: a timeout, a crash) is looked
///    for in Procore among its commitment's payments by `origin_id` (the check line's Sage
///    key); found, it is recorded as sent; not found, it is sent again.
/// 2. Read: only the check lines that changed in Sage since the newest change the last exchange
///    saw (`updated_since`, inclusive); a line already in the ledger is not considered again.
/// 3. Send: each new line is recorded `sending`, then created in Procore, then recorded `sent`
///    with Procore's id, or `refused` with Procore's message (sent again next time).
/// The read position moves only after every line read was recorded.
public struct PaymentExchange: Sendable {
    /// The ledger's kind for these items.
    public static let kind = "contract-payments"
    /// `pipeline_state` name of the read position in Sage.
    public static let positionKey = "exchange-check-payments-since"

    public let ledger: Ledger
    public let agent: any SageAgent
    public let procore: any ProcorePaymentWriter
    /// The Sage company code (whose identity map pairs invoices with requisitions).
    public let company: String
    public var runID: RunID?
    /// Payments created at once (Procore's client paces them within the rate limit).
    public var concurrency = 4
    /// Called after each item sent: (done, total).
    public var onProgress: (@Sendable (Int, Int) -> Void)?

    public init(ledger: Ledger, agent: any SageAgent, procore: any ProcorePaymentWriter, company: String, runID: RunID? = nil) {
        self.ledger = ledger
        self.agent = agent
        self.procore = procore
        self.company = company
        self.runID = runID
    }

    public func run() async throws -> PaymentExchangeSummary {
        let lock = try PostLock.exchange(ledger)
        defer { withExtendedLifetime(lock) {} }
        var summary = PaymentExchangeSummary()
        var toSend: [ExchangeItem] = []

        // 1. Settle what an earlier exchange sent without an answer; refused items go again.
        var listed: [String: [ContractPayment]] = [:]
        for item in try ledger.openExchangeItems(kind: Self.kind) {
            guard item.state == .sending else { toSend.append(item); continue }
            guard let project = item.projectID, let contract = item.commitmentID else { toSend.append(item); continue }
            let listKey = "\(project)/\(contract)"
            do {
                if listed[listKey] == nil { listed[listKey] = try await procore.contractPayments(projectID: project, contractID: contract) }
            } catch {
                summary.uncertain.append(Self.problem(item, "could not be looked up in Procore (\(error)); it stays unsent until it can be, so it is never sent twice"))
                continue
            }
            if let found = listed[listKey]?.first(where: { $0.originID == item.sageKey }) {
                var sent = item
                sent.state = .sent
                sent.procoreID = found.id
                sent.detail = "found in Procore as contract payment \(found.id) after an unanswered send"
                try ledger.recordExchangeItem(sent, runID: runID)
                summary.settled += 1
            } else {
                toSend.append(item)
            }
        }

        // 2. Read what changed in Sage since the last exchange.
        let position = try ledger.pipelineValue(Self.positionKey)
        let since = position.flatMap { SageUpdatedSince(query: $0) }
        summary.readSince = since?.description
        let lines = try await agent.checkPayments(updatedSince: since)
        summary.read = lines.count
        let known = try ledger.exchangeItems(kind: Self.kind, sageKeys: lines.map(\.lineKey))
        var newest = since
        var queued = Set(toSend.map(\.sageKey))
        for line in lines {
            if let stamp = line.updatedSince, newest.map({ stamp > $0 }) ?? true { newest = stamp }
            if let earlier = known[line.lineKey], earlier.state == .refused {
                // Refused before and changed in Sage since: what is sent again is what Sage holds now.
                toSend.removeAll { $0.sageKey == line.lineKey }
                queued.remove(line.lineKey)
            } else if let earlier = known[line.lineKey] {
                if earlier.state == .sent, line.isVoid {
                    summary.voidedAfterSent.append(Self.problem(earlier,
                        "check \(line.checkNo) was voided (or reversed) in Sage 100 after it was sent; delete contract payment \(earlier.procoreID.map(String.init) ?? "?") in Procore (Commitments > Payments Issued)"))
                } else {
                    summary.alreadyHandled += 1
                }
                continue
            }
            guard !queued.contains(line.lineKey) else { continue }
            switch try classify(line) {
            case .skip(let reason, let item):
                try ledger.recordExchangeItem(item, runID: runID)
                summary.skipped[reason.rawValue, default: .init()].add(cents: item.cents)
            case .send(let item):
                queued.insert(item.sageKey)
                toSend.append(item)
            }
        }

        // 3. Send, a few at a time; each outcome is recorded as it comes.
        let total = toSend.count
        var done = 0
        try await withThrowingTaskGroup(of: (ExchangeItem, SendOutcome).self) { group in
            var pending = toSend[...]
            func start() throws {
                guard let item = pending.popFirst() else { return }
                var sending = item
                sending.state = .sending
                try ledger.recordExchangeItem(sending, runID: runID, attempted: true)
                group.addTask { (sending, await self.send(sending)) }
            }
            for _ in 0..<max(1, concurrency) { try start() }
            while let (item, outcome) = try await group.next() {
                var recorded = item
                switch outcome {
                case .created(let payment):
                    recorded.state = .sent
                    recorded.procoreID = payment.id
                    recorded.detail = ""
                    try ledger.recordExchangeItem(recorded, runID: runID)
                    summary.sent.add(cents: item.cents)
                case .refused(let message):
                    recorded.state = .refused
                    recorded.detail = message
                    try ledger.recordExchangeItem(recorded, runID: runID)
                    summary.refused.append(Self.problem(recorded, message))
                case .unknown(let message):
                    // Stays `sending`: the next exchange looks for it in Procore before sending again.
                    summary.uncertain.append(Self.problem(item, message))
                }
                done += 1
                onProgress?(done, total)
                try start()
            }
        }

        if let newest, newest != since { try ledger.setPipelineValue(Self.positionKey, newest.description) }
        return summary
    }

    // MARK: - Deciding

    enum Decision {
        case skip(PaymentExchangeSummary.SkipReason, ExchangeItem)
        case send(ExchangeItem)
    }

    /// What to do with a check line seen for the first time.
    func classify(_ line: AgentCheckPayment) throws -> Decision {
        let cents = Self.cents(line.amount)
        var item = ExchangeItem(kind: Self.kind, sageKey: line.lineKey, state: .skipped, cents: cents,
                                checkNo: line.checkNo, checkDate: line.checkDate, invoiceNo: line.invoiceNo)
        func skip(_ reason: PaymentExchangeSummary.SkipReason) -> Decision {
            item.detail = reason.explanation
            return .skip(reason, item)
        }
        if line.idempotencyKey != nil { return skip(.cameFromProcore) }
        if line.isVoid { return skip(.void) }
        if cents <= 0 { return skip(.paysNothing) }
        guard let requisition = try ledger.procoreID(company: company, resource: SageDocumentKind.apInvoices.rawValue,
                                                     sageKey: line.invoiceKey) else { return skip(.notConnectorInvoice) }
        item.requisitionID = requisition
        if let contract = try ledger.requisitionContract(requisition) {
            item.projectID = contract.projectID
            item.commitmentID = contract.commitmentID
        }
        item.state = .sending
        return .send(item)
    }

    enum SendOutcome: Sendable {
        case created(ContractPayment)
        case refused(String)
        case unknown(String)
    }

    /// Creates one payment in Procore and says how it went.
    func send(_ item: ExchangeItem) async -> SendOutcome {
        guard let project = item.projectID, let contract = item.commitmentID else {
            return .refused("requisition \(item.requisitionID.map(String.init) ?? "?") has no project or commitment in the ledger; pull it again (ml-connector pull --resources requisitions)")
        }
        let payment = NewContractPayment(
            projectID: project, contractID: contract, requisitionID: item.requisitionID,
            amount: Money(cents: item.cents).value, date: item.checkDate.flatMap(Self.day),
            checkNumber: item.checkNo, invoiceNumber: item.invoiceNo, paymentMethod: "check",
            notes: "Check \(item.checkNo ?? "") written in Sage 100 (company \(company))",
            originID: item.sageKey, originData: "sage100:\(company):\(item.sageKey)",
            idempotencyToken: Self.idempotencyToken(company: company, sageKey: item.sageKey))
        do {
            return .created(try await procore.createContractPayment(payment))
        } catch let error as ProcoreError where error.outcomeUnknown {
            return .unknown("\(error)")
        } catch let error as ProcoreError {
            return .refused(Self.refusal(error, requisition: item.requisitionID))
        } catch is CancellationError {
            return .unknown("cancelled while sending")
        } catch {
            return .unknown("\(error)")
        }
    }

    /// Procore's refusal with what to do about it.
    static func refusal(_ error: ProcoreError, requisition: Int64?) -> String {
        switch error {
        case .forbidden:
            return "\(error) Without access the payment cannot be shown in Procore; it is sent again next exchange."
        case .http(let status, _, _, let message) where status == 422 || status == 400:
            return "Procore refused the payment for requisition \(requisition.map(String.init) ?? "?") (HTTP \(status)): \(message). Correct it in Procore (or the check in Sage 100); it is sent again next exchange."
        default:
            return "\(error)"
        }
    }

    static func problem(_ item: ExchangeItem, _ message: String) -> PaymentExchangeSummary.Item {
        .init(sageKey: item.sageKey, amount: Money(cents: item.cents), requisitionID: item.requisitionID, message: message)
    }

    // MARK: - Values

    /// The `Idempotency-Token` of a line: the same for every attempt to send it (hex SHA-256 of
    /// the company, the kind and the Sage key), so Procore creates it once however often it is sent.
    static func idempotencyToken(company: String, sageKey: String) -> String {
        SHA256.hash(data: Data("ml-connector|\(company)|\(kind)|\(sageKey)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// "1234.50" -> 123450 (exact; anything unreadable is 0, which is skipped as paying nothing).
    static func cents(_ text: String) -> Int64 { SourceVersionBuilder.cents(Money.parse(text, maxScale: 2)) }

    /// Sage's YYYYMMDD as a Procore date (nil when it is not a calendar date).
    static func day(_ sage: String) -> ProcoreDay? {
        (try? SageDate(parsing: sage)).map { ProcoreDay(year: $0.year, month: $0.month, day: $0.day) }
    }
}
