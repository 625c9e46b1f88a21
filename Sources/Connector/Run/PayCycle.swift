import Foundation
import HTTP
import Ledger
import Procore
import Sage100

/// One pay cycle: replay `inbox/` -> pull from Procore -> refresh Sage reference data -> transform
/// -> post -> reconcile. Each stage is also callable alone (what `ml-connector transform`,
/// `post`, `reconcile` and `replay` call).
///
/// ``run(skipPull:)`` never throws: a stage that cannot go on ends the cycle with its error's
/// ``ExitStatus`` (1 fatal, 2 configuration, 5 busy) and says why; the stages before it stay
/// done (each is safe to repeat). The summary's ``PayCycleSummary/exitCode`` follows docs/pipeline.md.
public struct PayCycle: Sendable {
    public var configuration: RunConfiguration
    /// Stage progress, for the terminal. Nil keeps the cycle quiet.
    public var onEvent: (@Sendable (PayCycleEvent) -> Void)?
    /// Live pull display, when wanted.
    public var pullProgress: PullProgress?
    /// The agent transport; nil builds a libcurl client from the configuration.
    public var httpClient: (any HTTPClient)?
    /// The Sage agent to use instead of the configured one (a local agent in tests).
    public var agent: (any SageAgent)?
    /// Where contract payments are created instead of the configured Procore (tests).
    public var procorePayments: (any ProcorePaymentWriter)?
    /// Where the vendor exchange writes instead of the configured Procore (tests).
    public var procoreVendors: (any ProcoreVendorWriter)?
    /// Where the link-back writes origin_ids instead of the configured Procore (tests).
    public var procoreOrigins: (any ProcoreOriginWriter)?
    /// Where the reference exchange reads project budgets instead of the configured Procore (tests).
    public var procoreBudgets: (any ProcoreBudgetReader)?
    /// Where the job cost exchange writes direct costs instead of the configured Procore (tests).
    public var procoreDirectCosts: (any ProcoreDirectCostWriter)?
    /// The resources the pull stage asks Procore for (staged names such as `requisitions`);
    /// nil pulls every resource. The other stages always work on everything the ledger holds.
    public var pullResources: [String]?

    public init(configuration: RunConfiguration, onEvent: (@Sendable (PayCycleEvent) -> Void)? = nil,
                pullProgress: PullProgress? = nil, httpClient: (any HTTPClient)? = nil, agent: (any SageAgent)? = nil) {
        self.configuration = configuration
        self.onEvent = onEvent
        self.pullProgress = pullProgress
        self.httpClient = httpClient
        self.agent = agent
    }

    // MARK: - The cycle

    /// Runs every stage in order and returns what each did.
    /// - Parameter skipPull: leave Procore alone (transform only what the replay staged).
    public func run(skipPull: Bool = false) async -> PayCycleSummary {
        var summary = PayCycleSummary(startedAt: Timestamp.string(from: Date(), milliseconds: true))
        var fatal = false
        var partialPull = false
        var attention = false
        var config = configuration

        // Each stage's wall time, from its start event to its result.
        let clock = ContinuousClock()
        var stageStart = clock.now
        func started(_ stage: PayCycleStage) {
            stageStart = clock.now
            onEvent?(.stageStarted(stage))
        }
        func finish(_ stage: PayCycleStage, _ status: String, _ message: String) {
            let elapsed = clock.now - stageStart
            var result = PayCycleStageResult(status: status, message: message)
            result.seconds = ((Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 1000).rounded() / 1000
            summary.stages[stage.rawValue] = result
            onEvent?(.stageFinished(stage, result))
            if status == "failed" { fatal = true }
            if status == "attention" { attention = true }
            if status == "partial" { partialPull = true }
        }
        // A stage stopped by an error ends the cycle with that error's status (ExitStatus).
        var failure = ExitStatus.fatal
        func fail(_ stage: PayCycleStage, _ error: any Error) {
            failure = ExitStatus(of: error)
            finish(stage, "failed", "\(error)")
        }

        let ledger: Ledger
        let cycleRun: RunID
        do {
            ledger = try openLedger()
            cycleRun = try ledger.beginRun(kind: "run")
        } catch {
            finish(.replay, "failed", "cannot open the ledger \(config.ledgerURL?.redacted ?? config.ledgerPath): \(error)")
            return conclude(&summary, fatal: true, partialPull: false, attention: false)
        }
        summary.runID = cycleRun
        defer {
            let json = String(decoding: (try? JSONEncoder.sorted.encode(summary)) ?? Data(), as: UTF8.self)
            try? ledger.finishRun(cycleRun, status: summary.exitCode == 0 ? .completed : (summary.exitCode == 1 ? .failed : .partial),
                                  summaryJSON: json)
        }

        // 1. Replay the inbox.
        started(.replay)
        do {
            let replay = try replay(ledger: ledger, parentRun: cycleRun)
            summary.replay = replay
            let mappingRows = replay.files.reduce(0) { $0 + $1.mappingAdded + $1.mappingReplaced }
            if mappingRows > 0 { config = try config.reloadingMapping() }
            finish(.replay, replay.needsAttention ? "attention" : "ok", Self.describe(replay))
        } catch {
            fail(.replay, error)
            return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
        }

        // 2. Pull.
        if skipPull {
            summary.stages[PayCycleStage.pull.rawValue] = PayCycleStageResult(status: "skipped", message: "not asked for (--skip-pull)")
        } else {
            started(.pull)
            do {
                let pull = try await PullRunner.run(configuration: config.base, resources: pullResources, progress: pullProgress, parentRun: cycleRun)
                summary.pull = pull
                let staged = pull.records.values.reduce(0, +)
                let problems = pull.forbidden.count + pull.failed.count
                finish(.pull, pull.isComplete ? "ok" : "partial",
                       "\(staged) new or changed records staged in \(pull.stagedDirectory)"
                        + (pull.isComplete ? "" : "; \(problems) scope(s) forbidden or failed (see the summary); they are pulled again next run"))
            } catch {
                fail(.pull, error)
                return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
            }
        }

        // 3. Reference data.
        started(.reference)
        let agent: any SageAgent
        let reference: ReferenceData
        do {
            agent = try makeAgent(config)
            let refreshed = try await refreshReference(agent: agent, ledger: ledger, company: config.sage.company)
            reference = refreshed.data
            summary.reference = .init(company: reference.company, accounts: reference.accounts.count,
                                      vendors: reference.vendors.count, source: refreshed.source, fetchedAt: reference.fetchedAt)
            finish(.reference, refreshed.source == "agent" ? "ok" : "attention",
                   "\(reference.accounts.count) GL accounts and \(reference.vendors.count) vendors of company \(reference.company)"
                    + (refreshed.source == "agent" ? " read from the agent" : " from the ledger's cache (the agent could not be read: \(refreshed.problem ?? "unknown"))"))
        } catch {
            fail(.reference, error)
            return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
        }

        // 4. Transform: every version received since the last transform (this cycle's pull and
        // corrections, and anything an interrupted cycle received), plus the invalid records
        // whose reasons may be gone. One transform, named after this run.
        started(.transform)
        do {
            let transform = try transform(ledger: ledger, reference: reference, configuration: config, parentRun: cycleRun)
            summary.transforms = [transform]
            let batches = transform.batches
            let invalid = summary.invalid.count
            var message = transform.versionsThrough < transform.versionsFrom && transform.rechecked == 0 && batches.isEmpty
                ? "nothing new or changed to transform"
                : "\(batches.count) batch(es) written (\(batches.reduce(0) { $0 + $1.count }) documents), \(invalid) record(s) invalid"
            if transform.blocked { message += "; all_or_nothing held every batch back because records are invalid" }
            finish(.transform, transform.needsAttention ? "attention" : "ok", message)
        } catch {
            fail(.transform, error)
            return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
        }

        // 5. Post.
        started(.post)
        do {
            let post = try await post(agent: agent, ledger: ledger, configuration: config, parentRun: cycleRun)
            summary.post = post
            if let stopped = post.stopped {
                finish(.post, "failed", "the post stopped: \(stopped)")
                return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
            }
            finish(.post, post.needsAttention ? "attention" : "ok", Self.describe(post))
        } catch {
            fail(.post, error)
            return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
        }

        // 6. Exchange: with payments: sage, Sage's checks go back to Procore as contract payments.
        if config.mapping.payments == .sage {
            started(.exchange)
            do {
                let exchange = try await exchangePayments(agent: agent, ledger: ledger, configuration: config, runID: cycleRun)
                summary.exchange = exchange
                finish(.exchange, exchange.needsAttention ? "attention" : "ok", exchange.line)
            } catch {
                // Procore or the agent could not be read: nothing was lost (the position in Sage
                // moves only after every line read is recorded); the next run goes on from there.
                finish(.exchange, "attention", "the exchange could not finish: \(error); it goes on from where it stopped next run")
            }
        } else if !config.mapping.linkBack {
            summary.stages[PayCycleStage.exchange.rawValue] = PayCycleStageResult(
                status: "skipped", message: "Procore is the payments system (mapping.payments: procore): its payments post to Sage as manual checks")
        }
        // With link_back: the posted commitments and requisitions get their Sage key as origin_id.
        if config.mapping.linkBack {
            if config.mapping.payments != .sage { started(.exchange) }
            do {
                let links = try await linkBack(ledger: ledger, configuration: config, runID: cycleRun)
                summary.links = links
                let before = summary.stages[PayCycleStage.exchange.rawValue]
                let status = before?.status == "attention" || !links.refused.isEmpty ? "attention" : "ok"
                finish(.exchange, status, [summary.exchange?.line, links.line].compactMap { $0 }.joined(separator: "; "))
            } catch {
                finish(.exchange, "attention", "the link-back could not finish: \(error); the next run goes on")
            }
        }

        // 7. Reconcile: one report. This run's batches when it wrote any; otherwise the newest
        // run whose batches this post sent; otherwise this run's own report of what is still
        // open (a run that changed nothing never reads an earlier run back from Sage).
        started(.reconcile)
        do {
            var run: RunID?
            if summary.transforms.contains(where: { !$0.batches.isEmpty }) { run = cycleRun }
            if run == nil {
                for batch in summary.post?.batches.reversed() ?? [] where run == nil {
                    run = try ledger.postingBatch(id: batch.id)?.runID
                }
            }
            if run == nil { run = cycleRun }
            if let run {
                let outcome = try await reconcile(runID: run, agent: agent, ledger: ledger, configuration: config)
                summary.reports.append(.init(runID: outcome.report.runID, reconciled: outcome.report.isReconciled,
                                             headline: outcome.report.headline(), exceptions: outcome.report.openCount,
                                             html: outcome.files.html, csv: outcome.files.csv, json: outcome.files.json))
            }
            let reconciled = summary.reports.allSatisfy(\.reconciled)
            let message = summary.reports.isEmpty ? "nothing to reconcile: the ledger has no batches yet"
                : summary.reports.map { "\($0.runID): \($0.headline) (\($0.html))" }.joined(separator: "; ")
            finish(.reconcile, reconciled ? "ok" : "attention", message)
        } catch {
            fail(.reconcile, error)
        }
        // Staging folders are exports; the ones past staging.keep_days go.
        summary.prunedStaging = StagingRetention.prune(stagingRoot: config.stagingDirectory, keepDays: config.base.stagingKeepDays)
        return conclude(&summary, fatal: fatal, partialPull: partialPull, attention: attention, failure: failure)
    }

    private func conclude(_ summary: inout PayCycleSummary, fatal: Bool, partialPull: Bool, attention: Bool,
                          failure: ExitStatus = .fatal) -> PayCycleSummary {
        summary.finishedAt = Timestamp.string(from: Date(), milliseconds: true)
        let batchesWritten = summary.transforms.reduce(0) { $0 + $1.batches.count }
        let sent = summary.post.map { $0.kinds.reduce(0) { $0 + $1.posted + $1.duplicate + $1.rejected } } ?? 0
        summary.nothingNew = !fatal && batchesWritten == 0 && sent == 0 && (summary.post?.settled ?? 0) == 0
        if fatal {
            summary.exitCode = failure.rawValue
            let failed = PayCycleStage.allCases.first { summary.result($0)?.status == "failed" }
            summary.headline = "Stopped at \(failed?.rawValue ?? "a stage"): \(failed.flatMap { summary.result($0)?.message } ?? "see above")"
        } else if partialPull {
            summary.exitCode = 3
            summary.headline = "Partial pull: some Procore projects were forbidden or failed; what was pulled went through. See the pull summary."
        } else if attention {
            summary.exitCode = 4
            let invalid = summary.invalid.count, rejected = summary.rejected.count
            var parts: [String] = []
            if invalid > 0 { parts.append("\(invalid) invalid") }
            if rejected > 0 { parts.append("\(rejected) rejected by Sage") }
            let open = summary.reports.filter { !$0.reconciled }.map(\.headline)
            summary.headline = (summary.nothingNew ? "Nothing new to post, but earlier records still need a person: " : "Needs a person: ")
                + (parts.isEmpty ? "" : parts.joined(separator: ", ") + "; ")
                + (open.first ?? "see the stages above") + (summary.reports.first.map { ". Report: \($0.html)" } ?? "")
        } else {
            summary.exitCode = 0
            if summary.nothingNew {
                summary.headline = "Nothing new to post: no new or changed Procore records and nothing waiting in the outbox."
                    + (summary.reports.first.map { " Latest report: \($0.html)" } ?? "")
            } else {
                let posted = summary.post?.postedCount ?? 0
                summary.headline = "Reconciled: \(posted) record(s) posted to Sage 100"
                    + (summary.reports.first.map { ". Report: \($0.html)" } ?? ".")
            }
        }
        return summary
    }

    // MARK: - Stages (each callable alone)

    /// Opens (creating its folder if needed) the ledger of the configuration. A ledger from
    /// before source versions gets its staging folders imported, once.
    public func openLedger() throws -> Ledger {
        try ConnectorLedger.open(path: configuration.ledgerPath, url: configuration.ledgerURL, stagingRoot: configuration.stagingDirectory)
    }

    /// The configured Procore client, for the stages that write to Procore.
    static func procoreWriter(_ config: RunConfiguration) throws -> ProcoreClient {
        let procore = try config.base.procore.clientConfiguration(file: config.file)
        try procore.validate()
        return ProcoreClient(configuration: procore)
    }

    /// Sends Sage 100's checks (written since the last exchange) to Procore as contract payments.
    /// What `run` does after posting when `mapping.payments: sage`, and `ml-connector reference`.
    public func exchangePayments(agent: any SageAgent, ledger: Ledger, configuration: RunConfiguration? = nil,
                                 runID: RunID?, onProgress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> PaymentExchangeSummary {
        let config = configuration ?? self.configuration
        let writer = try procorePayments ?? Self.procoreWriter(config)
        var exchange = PaymentExchange(ledger: ledger, agent: agent, procore: writer, company: config.sage.company, runID: runID)
        exchange.concurrency = max(1, min(8, config.base.procore.maxConcurrency))
        exchange.onProgress = onProgress
        return try await exchange.run()
    }

    /// Posted commitments and requisitions get their Sage key as origin_id (``OriginLinker``).
    public func linkBack(ledger: Ledger, configuration: RunConfiguration? = nil, runID: RunID?) async throws -> OriginLinkSummary {
        let config = configuration ?? self.configuration
        let writer = try procoreOrigins ?? Self.procoreWriter(config)
        return try await OriginLinker(ledger: ledger, procore: writer, runID: runID).run()
    }

    /// Sage's vendors into Procore's company directory (``VendorExchange``).
    public func exchangeVendors(ledger: Ledger, configuration: RunConfiguration? = nil, sageVendors: [APVendor],
                                runID: RunID?) async throws -> VendorExchangeSummary {
        let config = configuration ?? self.configuration
        let writer = try procoreVendors ?? Self.procoreWriter(config)
        return try await VendorExchange(ledger: ledger, procore: writer, company: config.sage.company,
                                        division: config.mapping.apDivision, runID: runID)
            .run(sageVendors: sageVendors)
    }

    /// The agent of a configuration: the one given to this cycle, else the HTTP client of the
    /// configured agent.
    public func makeAgent(_ configuration: RunConfiguration? = nil) throws -> any SageAgent {
        if let agent { return agent }
        let config = configuration ?? self.configuration
        return SageAgentClient(configuration: try config.sage.agentConfiguration(file: config.file), httpClient: httpClient)
    }

    /// Replay: processes `inbox/` once (corrections, mapping rows, approvals).
    public func replay(ledger: Ledger, parentRun: RunID? = nil) throws -> ReplaySummary {
        try FileManager.default.createDirectory(atPath: configuration.inboxDirectory, withIntermediateDirectories: true)
        return try InboxProcessor(ledger: ledger, options: InboxOptions(configuration: configuration), parentRun: parentRun).run()
    }

    /// Reads the reference data from the agent into the ledger's cache; when the agent cannot
    /// be read, falls back to the cache (and says so). Throws when neither is available.
    public func refreshReference(agent: any SageAgent, ledger: Ledger, company: String) async throws
        -> (data: ReferenceData, source: String, problem: String?) {
        do {
            return (try await ReferenceData.refresh(using: agent, ledger: ledger, company: company), "agent", nil)
        } catch {
            let problem = "\(error)"
            guard let cached = try? ReferenceData.load(from: ledger, company: company) else {
                throw PayCycleError.noReferenceData(company: company, cause: problem)
            }
            return (cached, "cache", problem)
        }
    }

    /// Transform what changed since the last transform, with the configuration's mapping and choices.
    public func transform(ledger: Ledger, reference: ReferenceData, configuration: RunConfiguration? = nil,
                          parentRun: RunID? = nil) throws -> TransformSummary {
        let config = configuration ?? self.configuration
        try FileManager.default.createDirectory(atPath: config.outboxDirectory, withIntermediateDirectories: true)
        let options = TransformOptions(allOrNothing: config.allOrNothing, vendorNamePolicy: config.vendorNamePolicy,
                                       approvalRequired: config.approvalRequired, batchSize: config.batchSize)
        return try Transformer(ledger: ledger, mapping: config.mapping, reference: reference, company: config.sage.company,
                               outboxRoot: config.outboxDirectory, options: options, parentRun: parentRun).run()
    }

    /// Post every postable batch of the company.
    public func post(agent: any SageAgent, ledger: Ledger, configuration: RunConfiguration? = nil,
                     batchIDs: Set<String>? = nil, parentRun: RunID? = nil) async throws -> PostSummary {
        let config = configuration ?? self.configuration
        var forward: (@Sendable (PostEvent) -> Void)?
        if let handler = onEvent {
            forward = { @Sendable (event: PostEvent) in handler(.post(event)) }
        }
        var options = PostOptions(outboxRoot: config.outboxDirectory, batchIDs: batchIDs,
                                  ebusiness: try Self.ebusinessAccess(config))
        options.parentRun = parentRun
        let poster = Poster(ledger: ledger, agent: agent, options: options, onEvent: forward)
        return try await poster.run()
    }

    /// Reconcile a run (the newest with batches when nil) and write its three report files.
    public func reconcile(runID: RunID? = nil, agent: any SageAgent, ledger: Ledger,
                          configuration: RunConfiguration? = nil) async throws -> Reconciliation.Outcome {
        let config = configuration ?? self.configuration
        var source: any ReconciliationSource = AgentReconciliationSource(agent: agent)
        if let access = try Self.ebusinessAccess(config) {
            // Sales orders are read back through eBusiness (GetSalesOrder), the rest from the agent.
            source = EBusinessReconciliationSource(base: source, agent: agent, access: access)
        }
        // With reports.job_to_date: touched_jobs, the job-to-date section for the jobs this run
        // touched: written next to the report, its headline in the report's notes.
        var jobToDate: JobToDateReport?
        if config.jobToDateInReports, let run = try runID ?? ledger.latestRunWithBatches() {
            let touched = try ledger.projectIDs(runID: run)
            let jobs = config.mapping.projects.compactMapValues { $0.jobNo.flatMap { $0.isEmpty ? nil : $0 } }
            if !touched.isDisjoint(with: jobs.keys) {
                var builder = JobToDateBuilder(ledger: ledger, agent: agent, company: config.sage.company, jobs: jobs,
                                               projects: touched)
                builder.paymentsInSage = config.mapping.payments == .sage
                jobToDate = try await builder.build()
            }
        }
        let notes = jobToDate.map { ["\($0.headline()) (job-to-date.html next to this report; every job: ml-connector reconcile --job-to-date)"] } ?? []
        let outcome = try await Reconciliation.run(ledger: ledger, source: source, options: ReconcileOptions(company: config.sage.company, costAccounts: config.mapping.costAccounts()),
                                                   runID: runID, outboxRoot: config.outboxDirectory,
                                                   templatePath: config.reportTemplatePath ?? Self.defaultTemplatePath(config),
                                                   notes: notes)
        if let jobToDate {
            _ = try JobToDateWriter.write(jobToDate, directory: (outcome.files.json as NSString).deletingLastPathComponent)
        }
        return outcome
    }

    /// The month-end job-to-date reconciliation of every mapped job (or of `projects`), written to
    /// `<outbox>/job-to-date/<as-of or today>/job-to-date.{html,csv,json}`. Reads only.
    public func jobToDate(asOf: ProcoreDay?, agent: any SageAgent, ledger: Ledger, projects: Set<Int64>? = nil,
                          now: Date = Date(), onJob: (@Sendable (Int, Int) -> Void)? = nil) async throws
        -> (report: JobToDateReport, files: JobToDateWriter.Files) {
        let jobs = configuration.mapping.projects.compactMapValues { $0.jobNo.flatMap { $0.isEmpty ? nil : $0 } }
        var builder = JobToDateBuilder(ledger: ledger, agent: agent, company: configuration.sage.company, jobs: jobs,
                                       asOf: asOf, projects: projects)
        builder.paymentsInSage = configuration.mapping.payments == .sage
        let report = try await builder.build(now: now, onJob: onJob)
        let day = asOf ?? JobToDateBuilder.day(now)
        let files = try JobToDateWriter.write(report, directory: configuration.outboxDirectory + "/job-to-date/\(day)")
        try ledger.appendAudit(action: "reconcile.job_to_date", subject: "job-to-date:\(day)",
                               detailJSON: "{\"commitments\":\(report.commitments),\"differing\":\(report.differing),\"in_sage_only\":\(report.inSageOnly)}",
                               runID: nil)
        return (report, files)
    }

    /// eBusiness access from the `ebusiness:` section, for sales-order batches. Nil without the
    /// section; without its password it is an error only when owner billing uses sales orders
    /// (otherwise sales-order batches from earlier runs wait, and the post summary says why).
    static func ebusinessAccess(_ config: RunConfiguration) throws -> EBusinessAccess? {
        guard let settings = config.ebusiness else { return nil }
        do {
            return try EBusinessAccess(settings: settings, company: config.sage.company)
        } catch {
            if config.mapping.ownerBilling == .salesOrder { throw error }
            return nil
        }
    }

    /// `templates/reconciliation.mustache` next to the configuration, when present (else built in).
    static func defaultTemplatePath(_ config: RunConfiguration) -> String? {
        let folder = URL(fileURLWithPath: config.file).standardizedFileURL.deletingLastPathComponent().path
        let path = folder + "/templates/reconciliation.mustache"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    // MARK: - One-line descriptions

    /// One line saying what a replay did.
    public static func describe(_ replay: ReplaySummary) -> String {
        if replay.files.isEmpty && replay.waiting.isEmpty && (replay.approvals?.items.isEmpty ?? true) { return "inbox empty" }
        var parts = ["\(replay.applied) file(s) applied"]
        if !replay.corrections.isEmpty { parts.append("\(replay.corrections.count) corrected record(s) staged") }
        let rows = replay.files.reduce(0) { $0 + $1.mappingAdded + $1.mappingReplaced }
        if rows > 0 { parts.append("\(rows) mapping row(s) applied") }
        if let approvals = replay.approvals {
            if !approvals.approved.isEmpty { parts.append("\(approvals.approved.count) batch(es) approved") }
            if !approvals.rejected.isEmpty { parts.append("\(approvals.rejected.count) batch(es) rejected") }
        }
        if replay.rejected > 0 { parts.append("\(replay.rejected) file(s) refused (see inbox/rejected/*.error.txt)") }
        if replay.duplicates > 0 { parts.append("\(replay.duplicates) file(s) already applied before") }
        if !replay.waiting.isEmpty { parts.append("\(replay.waiting.count) file(s) left for the next run (still being copied?)") }
        return parts.joined(separator: ", ")
    }

    /// One line saying what a post did.
    public static func describe(_ post: PostSummary) -> String {
        let posted = post.kinds.reduce(0) { $0 + $1.posted }
        let duplicate = post.kinds.reduce(0) { $0 + $1.duplicate }
        var parts = ["\(posted) posted"]
        if duplicate > 0 { parts.append("\(duplicate) already in Sage (duplicate)") }
        if !post.rejected.isEmpty { parts.append("\(post.rejected.count) rejected by Sage") }
        if !post.waiting.isEmpty { parts.append("\(post.waiting.count) waiting for another record") }
        if !post.uncertain.isEmpty { parts.append("\(post.uncertain.count) uncertain (settled next run)") }
        if post.recovered > 0 { parts.append("\(post.recovered) recovered after an interrupted post, \(post.settledFound) of them found in Sage") }
        if post.batches.isEmpty { return "no batch waiting to be posted" }
        return parts.joined(separator: ", ") + " (\(post.batches.count) batch(es))"
    }
}

/// Why a pay cycle stage could not go on.
public enum PayCycleError: Error, Sendable, CustomStringConvertible {
    /// The agent could not be read and the ledger has no cached copy.
    case noReferenceData(company: String, cause: String)

    public var description: String {
        switch self {
        case .noReferenceData(let company, let cause):
            return "cannot read Sage 100's GL accounts and vendors of company \(company) from the agent (\(cause)), and the ledger has no cached copy; start the agent (check sage.base_url and auth) and run again"
        }
    }
}
