import Foundation
import Ledger
import Procore

/// Pulls one resource in one scope: lists it (inside an `updated_at` window where Procore
/// supports one, otherwise whole), keeps the records that are new or changed (by sha256 of
/// the raw JSON), fetches their children and appends them to the resource's staging file,
/// page by page.
struct ScopePuller: Sendable {

    /// Parents whose children are fetched and whose lines are written together (a page is
    /// staged in batches of this many records, so memory does not follow the page size).
    static let stagingBatch = 50

    let source: any ProcoreSource
    let ledger: Ledger
    let writer: StagingWriter
    let runID: RunID
    let companyID: Int64
    let options: PullOptions
    /// The fixed upper bound of every window in this run (the run's start).
    let windowTo: String
    /// The company's projects, already read while planning (staged as the `projects` resource).
    let projects: [ProcoreRecord]?
    let events: PullEventHandler?

    func run(_ item: PullWorkItem) async -> PullScopeOutcome {
        var outcome = PullScopeOutcome(item: item, status: .complete)
        let progress = ScopeProgress()
        do {
            if let payments = item.payments {
                // One listing per commitment (contract_id is required), each checked like a scope.
                for contract in payments.contractIDs {
                    try Task.checkCancellation()
                    await progress.startPass()
                    try await listPass(item, contractID: contract, window: nil, progress: progress)
                    if let total = await progress.firstTotal, await progress.passReceived < total {
                        outcome.relisted = true
                        await progress.startPass()
                        try await listPass(item, contractID: contract, window: nil, progress: progress)
                    }
                }
                // A sweep saw every payment of the project: it replaces the hashes and becomes
                // the last sweep (unless the project has no commitment yet, e.g. they were
                // forbidden: then the next pull sweeps again, at no cost); a listing of open
                // commitments only adds to them.
                outcome.completed = CompletedPullScope(resource: item.resource.stagedName, scope: item.scope,
                                                       updatedThrough: payments.sweep && payments.knownCommitments > 0 ? windowTo : nil,
                                                       replaceHashes: payments.sweep,
                                                       paymentListing: PaymentListingMark(projectID: item.projectID,
                                                                                          commitmentIDs: payments.contractIDs,
                                                                                          throughSeq: payments.throughSeq))
            } else {
                let window = try self.window(for: item)
                outcome.windowFrom = window?.0
                outcome.windowTo = window?.1
                let whole = window == nil

                try await listPass(item, window: window, progress: progress)
                // Records that left the window while we paged shift later records onto pages
                // already read. Fewer distinct records than the first page's Total means some may
                // have been skipped: list once more (already-seen records are ignored).
                if let total = await progress.firstTotal, await progress.passReceived < total {
                    outcome.relisted = true
                    await progress.startPass()
                    try await listPass(item, window: window, progress: progress)
                }
                outcome.completed = CompletedPullScope(resource: item.resource.stagedName, scope: item.scope,
                                                       updatedThrough: whole ? nil : windowTo, replaceHashes: whole)
            }
        } catch let error as ProcoreError {
            outcome.endpoint = error.endpoint
            outcome.message = error.description
            switch error {
            case .forbidden:
                outcome.status = .forbidden
            case .authenticationFailed, .invalidConfiguration:
                outcome.status = .failed
                outcome.fatal = .authentication(error.description)
            default:
                outcome.status = .failed
            }
        } catch let error as StagingError {
            outcome.status = .failed
            outcome.message = error.description
            outcome.fatal = .staging(error)
        } catch let error as LedgerError {
            outcome.status = .failed
            outcome.message = error.description
            outcome.fatal = .ledger(error.description)
        } catch is CancellationError {
            outcome.status = .failed
            outcome.message = "cancelled"
        } catch {
            outcome.status = .failed
            outcome.message = "\(error)"
        }
        outcome.received = await progress.received
        outcome.staged = await progress.staged
        outcome.pages = await progress.pages
        if item.payments != nil { outcome.paymentRequests = outcome.pages }
        events?(.scopeFinished(resource: item.resource.stagedName, scope: item.scope, status: outcome.status))
        return outcome
    }

    /// The `filters[updated_at]` window, or nil when the resource is pulled whole.
    private func window(for item: PullWorkItem) throws -> (String, String)? {
        guard item.resource.supportsUpdatedAtFilter, item.resource != .projects else { return nil }
        guard !options.full,
              let cursor = try ledger.cursor(resource: item.resource.stagedName, scope: item.scope),
              let date = Timestamp.date(from: cursor)
        else { return (options.initialFrom, windowTo) }
        let overlap = Double(options.overlap.components.seconds) + Double(options.overlap.components.attoseconds) / 1e18
        return (Timestamp.string(from: date.addingTimeInterval(-overlap), milliseconds: true), windowTo)
    }

    private func listPass(_ item: PullWorkItem, contractID: Int64? = nil, window: (String, String)?,
                          progress: ScopeProgress) async throws {
        let handle: @Sendable (ProcorePage) async throws -> Void = { page in
            try await self.handle(page: page.records, number: page.page, total: page.total, item: item,
                                  progress: progress)
        }
        if item.resource == .projects {
            // The company's projects come from one listing that also names the project scopes.
            let records: [ProcoreRecord]
            if let projects {
                records = projects
            } else {
                records = try await source.projects()
            }
            try await handle(ProcorePage(resource: .projects, projectID: nil, records: records, page: 1, total: records.count))
        } else if let contractID, let projectID = item.projectID {
            try await source.list(item.resource, projectID: projectID, contractID: contractID, onPage: handle)
        } else {
            try await source.list(item.resource, projectID: item.listProjectID ?? item.projectID, updatedBetween: window, onPage: handle)
        }
    }

    private func handle(page records: [ProcoreRecord], number: Int, total: Int?, item: PullWorkItem,
                        progress: ScopeProgress) async throws {
        let resource = item.resource.stagedName
        let fetchedAt = Timestamp.string(from: Date(), milliseconds: true)
        var hashed: [(record: ProcoreRecord, sha256: String)] = []
        hashed.reserveCapacity(records.count)
        for record in records { hashed.append((record, ContentHash.sha256(record.raw))) }

        let fresh = try ledger.notePulled(runID: runID, resource: resource, scope: item.scope,
                                          records: hashed.map { ($0.record.id, $0.sha256) })
        var seen = Set<Int64>()
        let candidates = hashed.filter { fresh.contains($0.record.id) && seen.insert($0.record.id).inserted }
        // Stored hashes of this page's records only (a whole scope's map would grow with the
        // scope); the ledger's hashes do not move until the run commits.
        let stored: [Int64: String] = options.full
            ? [:] : try ledger.contentHashes(resource: resource, scope: item.scope, ids: candidates.map(\.record.id))
        let toStage = candidates.filter { stored[$0.record.id] != $0.sha256 }.map(\.record)
        hashed = []

        // Children and staged lines of a whole page (up to per_page parents, each line carrying
        // its children) would make the working set grow with the page size: stage it in
        // batches, each written before the next is fetched.
        var start = 0
        while start < toStage.count {
            let batch = Array(toStage[start..<min(start + Self.stagingBatch, toStage.count)])
            start += batch.count
            let children = try await fetchChildren(of: batch, item: item)
            var lines = Data()
            var versions: [NewSourceVersion] = []
            versions.reserveCapacity(batch.count)
            for (index, record) in batch.enumerated() {
                let (line, staged) = StagedLine.staged(resource: resource, companyID: companyID, projectID: item.projectID,
                                                       fetchedAt: fetchedAt, record: record, children: children[index],
                                                       file: resource + ".jsonl", number: 1)
                // The ledger keeps each version (it becomes a source version when the scope
                // commits); the staging file is the readable export of the same line.
                versions.append(SourceVersionBuilder.version(of: staged, line: line.subdata(in: 0..<(line.count - 1))))
                lines.append(line)
            }
            try ledger.notePendingVersions(runID: runID, scope: item.scope, versions)
            try await writer.append(lines, count: batch.count)
        }
        await progress.add(page: number, received: candidates.count, seenInPass: candidates.count,
                           staged: toStage.count, total: total)
        events?(.page(resource: resource, scope: item.scope, page: number, received: candidates.count,
                      staged: toStage.count, total: total))
    }

    /// Children of each parent, in the resource's child order, fetched a few at a time.
    private func fetchChildren(of parents: [ProcoreRecord], item: PullWorkItem) async throws -> [[(name: String, records: [ProcoreRecord])]] {
        let endpoints = item.resource.children
        guard !endpoints.isEmpty, !parents.isEmpty else {
            return Array(repeating: [], count: parents.count)
        }
        var results = [[(name: String, records: [ProcoreRecord])]](repeating: [], count: parents.count)
        try await withThrowingTaskGroup(of: (Int, [String: [ProcoreRecord]]).self) { group in
            var next = 0
            func addNext() {
                let index = next
                let parentID = parents[index].id
                next += 1
                group.addTask {
                    (index, try await source.children(item.resource, parentID: parentID, projectID: item.projectID))
                }
            }
            while next < min(options.childConcurrency, parents.count) { addNext() }
            while let (index, lists) = try await group.next() {
                results[index] = endpoints.map { (name: $0.name, records: lists[$0.name] ?? []) }
                if next < parents.count { addNext() }
            }
        }
        return results
    }
}
