import Foundation
import Ledger
import Money
import Procore
import Sage100

/// Sage 100 -> Procore: job costs posted in Sage that did not come from Procore (AP invoices
/// keyed in Sage, payroll, Job Cost entries) become Procore direct costs, so project managers
/// see actual cost without asking accounting (`mapping.job_costs_to_procore: true`).
///
/// Each Sage document is one direct cost (origin_id = its Sage key: `00-0001000-INV77`,
/// `JC-000012`), each of its job cost lines one line item (origin_id = the line's key) on the
/// Procore project whose job it is, its cost code and its cost type. A document the connector
/// posted from Procore carries the agent's idempotency key and is never sent back, so nothing
/// is counted twice.
///
/// Exactly once: both writes are Procore sync actions matched by origin_id, so a send that got
/// no answer is simply sent again and updates what the first one created. Each line is
/// recorded in the ledger before it is sent (`sending`) and after (`sent` with its Procore id,
/// or `refused` with the reason), with the line as Sage gave it. A line changed in Sage since it
/// was sent is sent again as an update. The read position (`updated_since`) moves to the newest
/// change read; a line still open (refused, or without an answer) is sent again from the ledger
/// by every exchange, so an old line that needs a person never makes the reads grow.
public struct DirectCostExchange: Sendable {
    public static let kind = "direct-costs"
    public static let positionKey = "exchange-job-costs-since"

    public let ledger: Ledger
    public let agent: any SageAgent
    public let procore: any ProcoreDirectCostWriter
    public let company: String
    public let mapping: MappingConfiguration
    /// Vendor names by Sage key (`00-0001000`), for descriptions.
    public var vendorNames: [String: String] = [:]
    public var runID: RunID?

    public init(ledger: Ledger, agent: any SageAgent, procore: any ProcoreDirectCostWriter, company: String,
                mapping: MappingConfiguration, runID: RunID? = nil) {
        self.ledger = ledger
        self.agent = agent
        self.procore = procore
        self.company = company
        self.mapping = mapping
        self.runID = runID
    }

    /// A line on its way to Procore.
    struct Outgoing {
        var cost: AgentJobCost
        var item: ExchangeItem
        var projectID: Int64
        var costCodeID: Int64
        var lineItemTypeID: Int64
        var isUpdate: Bool
    }

    public func run() async throws -> DirectCostExchangeSummary {
        let lock = try PostLock.exchange(ledger)
        defer { withExtendedLifetime(lock) {} }
        var summary = DirectCostExchangeSummary()
        let position = try ledger.pipelineValue(Self.positionKey)
        let since = position.flatMap { SageUpdatedSince(query: $0) }
        summary.readSince = since?.description
        let read = try await agent.jobCosts(updatedSince: since)
        summary.read = read.count
        // Lines still open from earlier exchanges, as Sage gave them; a newer read of one wins.
        let readKeys = Set(read.map(\.costKey))
        let reopened = try ledger.openExchangeItems(kind: Self.kind).compactMap { item -> AgentJobCost? in
            guard !readKeys.contains(item.sageKey), let payload = item.payload else { return nil }
            return try? JSONDecoder().decode(AgentJobCost.self, from: Data(payload.utf8))
        }
        let costs = reopened + read
        let known = try ledger.exchangeItems(kind: Self.kind, sageKeys: costs.map(\.costKey))
        let lookup = try Lookup(ledger: ledger, mapping: mapping)

        var newest = since
        var outgoing: [Outgoing] = []
        for cost in costs {
            if let stamp = cost.updatedSince, newest.map({ stamp > $0 }) ?? true { newest = stamp }
            let cents = PaymentExchange.cents(cost.amount)
            var item = ExchangeItem(kind: Self.kind, sageKey: cost.costKey, state: .sending, cents: cents,
                                    checkDate: cost.transactionDate, invoiceNo: cost.invoiceNo,
                                    payload: (try? JSONEncoder().encode(cost)).map { String(decoding: $0, as: UTF8.self) })
            if cost.idempotencyKey != nil {
                if known[cost.costKey] == nil {
                    item.state = .skipped
                    item.detail = "posted by the connector from Procore, so it is in Procore already"
                    try ledger.recordExchangeItem(item, runID: runID)
                    summary.cameFromProcore.add(cents: cents)
                } else {
                    summary.alreadyHandled += 1
                }
                continue
            }
            let earlier = known[cost.costKey]
            if let earlier, earlier.state == .sent, earlier.cents == cents {
                summary.alreadyHandled += 1
                continue
            }
            item.procoreID = earlier?.procoreID
            switch lookup.place(cost) {
            case .failure(let why):
                let reason = why.reason
                item.state = .refused
                item.detail = reason
                try ledger.recordExchangeItem(item, runID: runID)
                summary.refused.append(.init(sageKey: cost.costKey, amount: Money(cents: cents), message: reason))
            case .success(let place):
                item.projectID = place.projectID
                outgoing.append(Outgoing(cost: cost, item: item, projectID: place.projectID, costCodeID: place.costCodeID,
                                         lineItemTypeID: place.lineItemTypeID, isUpdate: earlier?.state == .sent))
            }
        }

        // Per project: the direct costs (documents), then their lines.
        for (projectID, lines) in Dictionary(grouping: outgoing, by: \.projectID).sorted(by: { $0.key < $1.key }) {
            for line in lines { try ledger.recordExchangeItem(line.item, runID: runID, attempted: true) }
            var documents: [String: [Outgoing]] = [:]
            for line in lines { documents[line.cost.documentKey, default: []].append(line) }
            var failed: [String: String] = [:]   // document key -> why
            var directCostIDs: [String: Int64] = [:]
            var headers: [DirectCostSyncUpdate] = []
            for (key, lines) in documents.sorted(by: { $0.key < $1.key }) {
                switch header(key, lines.map(\.cost)) {
                case .success(let update): headers.append(update)
                case .failure(let why): failed[key] = why.reason
                }
            }
            do {
                if !headers.isEmpty {
                    let result = try await procore.syncDirectCosts(projectID: projectID, headers)
                    for cost in result.entities { if let origin = cost.originID { directCostIDs[origin] = cost.id } }
                    for refusal in result.errors {
                        if let origin = refusal.originID { failed[origin] = "Procore refused the direct cost: " + refusal.messages.joined(separator: "; ") }
                    }
                    for update in headers where directCostIDs[update.originID] == nil && failed[update.originID] == nil {
                        failed[update.originID] = "Procore's answer did not include the direct cost; it is sent again next exchange"
                    }
                }
                var updates: [DirectCostLineSyncUpdate] = []
                var byOrigin: [String: Outgoing] = [:]
                for line in lines {
                    if let reason = failed[line.cost.documentKey] {
                        try refuse(line, reason, into: &summary)
                        continue
                    }
                    guard let directCostID = directCostIDs[line.cost.documentKey] else { continue }
                    var update = DirectCostLineSyncUpdate(originID: line.cost.costKey, directCostID: directCostID,
                                                          costCodeID: line.costCodeID, lineItemTypeID: line.lineItemTypeID,
                                                          amount: Money(cents: line.item.cents).value)
                    update.originData = "sage100:\(company):\(line.cost.costKey)"
                    update.description = line.cost.comment.flatMap { $0.isEmpty ? nil : String($0.prefix(255)) }
                    updates.append(update)
                    byOrigin[line.cost.costKey] = line
                }
                guard !updates.isEmpty else { continue }
                summary.directCosts += Set(updates.map(\.directCostID)).count
                let result = try await procore.syncDirectCostLines(projectID: projectID, updates)
                var done = Set<String>()
                for entity in result.entities {
                    guard let origin = entity.originID, let line = byOrigin[origin] else { continue }
                    var sent = line.item
                    sent.state = .sent
                    sent.procoreID = entity.id
                    sent.detail = ""
                    try ledger.recordExchangeItem(sent, runID: runID)
                    if line.isUpdate { summary.updated.add(cents: sent.cents) } else { summary.sent.add(cents: sent.cents) }
                    done.insert(origin)
                }
                for refusal in result.errors {
                    guard let origin = refusal.originID, let line = byOrigin[origin], !done.contains(origin) else { continue }
                    try refuse(line, "Procore refused the line: " + refusal.messages.joined(separator: "; "), into: &summary)
                    done.insert(origin)
                }
                for (origin, line) in byOrigin where !done.contains(origin) {
                    summary.uncertain.append(.init(sageKey: origin, amount: Money(cents: line.item.cents),
                                                   message: "Procore's answer did not include this line; it is sent again next exchange"))
                }
            } catch let error as ProcoreError {
                // Unanswered or refused as a whole: every line of the project stays open and goes again.
                for line in lines where !summary.refused.contains(where: { $0.sageKey == line.cost.costKey }) {
                    if error.outcomeUnknown {
                        summary.uncertain.append(.init(sageKey: line.cost.costKey, amount: Money(cents: line.item.cents),
                                                       message: "\(error); sent again next exchange (matched by origin_id, so never twice)"))
                    } else {
                        try refuse(line, "\(error)", into: &summary)
                    }
                }
            }
        }

        if let newest, newest != since { try ledger.setPipelineValue(Self.positionKey, newest.description) }
        return summary
    }

    /// Why a job cost line cannot be sent, in words with what to do.
    struct Unsendable: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    func refuse(_ line: Outgoing, _ reason: String, into summary: inout DirectCostExchangeSummary) throws {
        var item = line.item
        item.state = .refused
        item.detail = reason
        try ledger.recordExchangeItem(item, runID: runID)
        summary.refused.append(.init(sageKey: line.cost.costKey, amount: Money(cents: line.item.cents), message: reason))
    }

    /// The direct cost for one Sage document: an AP invoice whose vendor Procore has is an
    /// invoice; one whose vendor it lacks, and Job Cost entries, are expenses; payroll is payroll.
    func header(_ documentKey: String, _ lines: [AgentJobCost]) -> Result<DirectCostSyncUpdate, Unsendable> {
        let first = lines[0]
        guard let day = PaymentExchange.day(first.transactionDate) else {
            return .failure(Unsendable("\(documentKey) has no valid date in Sage 100 ('\(first.transactionDate)'); correct it in Sage"))
        }
        var type = "expense"
        var vendorID: Int64?
        var description: String
        switch first.sourceJournal {
        case "AP":
            let vendorKey = SageDocumentKey.vendor(division: first.divisionNo ?? "", vendorNo: first.vendorNo ?? "")
            let name = vendorNames[vendorKey].map { " from \($0)" } ?? ""
            vendorID = try? ledger.procoreID(company: company, resource: "vendors", sageKey: vendorKey)
            description = "AP invoice \(first.invoiceNo ?? "")\(name) (vendor \(vendorKey)) entered in Sage 100"
            if vendorID != nil { type = "invoice" } else { description += "; the vendor is not linked to Procore's directory" }
        case "PR":
            type = "payroll"
            description = "Payroll" + (first.reference.map { " \($0)" } ?? "") + " from Sage 100 (\(documentKey))"
        default:
            description = "Job cost entered in Sage 100 (\(documentKey))" + (first.comment.map { ": \($0)" } ?? "")
        }
        var update = DirectCostSyncUpdate(originID: documentKey, directCostType: type, directCostDate: day)
        update.originData = "sage100:\(company):\(documentKey)"
        update.description = String(description.prefix(255))
        update.status = "approved"
        if type == "invoice" {
            update.vendorID = vendorID
            update.invoiceNumber = first.invoiceNo
        }
        return .success(update)
    }

    /// Where a job cost line goes in Procore: its job's project, cost code and cost type.
    struct Lookup {
        struct Place { var projectID: Int64; var costCodeID: Int64; var lineItemTypeID: Int64 }
        var projects: [String: Int64] = [:]
        var costCodes: [Int64: [String: Int64]] = [:]
        var types: [String: Int64] = [:]

        init(ledger: Ledger, mapping: MappingConfiguration) throws {
            for (id, project) in mapping.projects { if let job = project.jobNo, !job.isEmpty { projects[job.uppercased()] = id } }
            for code in try MappingSources.costCodes(ledger: ledger) {
                costCodes[code.projectID, default: [:]][code.fullCode.uppercased()] = code.id
            }
            for (id, type) in try MappingSources.lineItemTypes(ledger: ledger) {
                if let code = type.code { types[code.uppercased()] = id }
            }
        }

        func place(_ cost: AgentJobCost) -> Result<Place, Unsendable> {
            guard let project = projects[cost.jobNo.uppercased()] else {
                return .failure(Unsendable("job \(cost.jobNo) is not a Procore project in mapping.projects; add its project (with job_no: \"\(cost.jobNo)\") if Procore should show its costs"))
            }
            guard let code = costCodes[project]?[cost.costCode.uppercased()] else {
                return .failure(Unsendable("cost code \(cost.costCode) is not a cost code of Procore project \(project) (job \(cost.jobNo)); add it to the project's cost codes in Procore, pull, and it is sent next exchange"))
            }
            guard let type = types[cost.costType.uppercased()] else {
                return .failure(Unsendable("cost type \(cost.costType) is not a Procore line item type code; add a line item type with code \(cost.costType) in Procore's company admin, pull, and it is sent next exchange"))
            }
            return .success(Place(projectID: project, costCodeID: code, lineItemTypeID: type))
        }
    }
}
