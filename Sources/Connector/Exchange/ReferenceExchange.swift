import Foundation
import Ledger
import Sage100

/// What `ml-connector reference` did: Sage 100's reference data refreshed into the ledger, and,
/// with `mapping.payments: sage`, Sage's checks sent back to Procore as contract payments.
public struct ReferenceExchangeSummary: Sendable, Codable, Equatable {
    public var runID: String
    public var reference: PayCycleSummary.ReferenceCounts
    /// Nil when Procore is the payments system (`paymentsNote` says so).
    public var payments: PaymentExchangeSummary?
    public var paymentsNote: String?
    /// Sage vendors brought into Procore's directory; nil unless `mapping.vendors.sync_to_procore`.
    public var vendors: VendorExchangeSummary?
    /// Sage's own job costs brought to Procore as direct costs; nil unless `mapping.job_costs_to_procore`.
    public var jobCosts: DirectCostExchangeSummary?
    /// Procore's cost codes and budget lines checked against Sage's accounts; in the
    /// changes-only form `serve` polls with, only its first poll of each UTC day checks (nil after).
    public var validation: ReferenceValidation?
    /// Where the validation was written (`outbox/reference/<date>/reference.{html,csv,json}`).
    public var report: ReferenceReportWriter.Files?
    /// The ``ExitStatus`` raw value: 0 done, 4 something needs a person.
    public var exitCode: Int32

    public var exitStatus: ExitStatus { ExitStatus(rawValue: exitCode) ?? .fatal }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", reference, payments, paymentsNote = "payments_note", vendors, validation, report, jobCosts = "job_costs"
        case exitCode = "exit_code"
    }
}

extension PayCycle {
    /// `pipeline_state` name of the UTC day the reference was last validated.
    static let validationDayKey = "reference-validated-day"

    /// The exchange between the two systems outside a pay cycle: reads Sage 100's account
    /// structure, GL accounts and vendors into the ledger's cache, then (with `payments: sage`)
    /// sends the checks written in Sage since the last exchange to Procore. One run in the ledger
    /// (kind `reference`). Throws when the agent cannot be read: a refresh has nothing to fall back on.
    ///
    /// With `changesOnly` (what `serve` polls with), only the vendors and GL accounts Sage
    /// changed since the cached copy are read and merged in
    /// (``ReferenceData/refreshChanges(using:ledger:company:)``); `source` then says from when.
    public func referenceExchange(changesOnly: Bool = false,
                                  onProgress: (@Sendable (Int, Int) -> Void)? = nil,
                                  onBudgetProgress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ReferenceExchangeSummary {
        let ledger = try openLedger()
        let config = configuration
        let runID = try ledger.beginRun(kind: "reference")
        var status = RunStatus.failed
        var json: String?
        defer { try? ledger.finishRun(runID, status: status, summaryJSON: json) }
        let agent = try makeAgent(config)
        let data: ReferenceData
        var source = "agent"
        if changesOnly {
            let read = try await ReferenceData.refreshChanges(using: agent, ledger: ledger, company: config.sage.company)
            data = read.data
            if let since = read.since {
                source = "agent: \(read.accountsRead) GL account(s) and \(read.vendorsRead) vendor(s) changed since \(since)"
            }
        } else {
            data = try await ReferenceData.refresh(using: agent, ledger: ledger, company: config.sage.company)
        }
        var summary = ReferenceExchangeSummary(
            runID: runID,
            reference: .init(company: data.company, accounts: data.accounts.count, vendors: data.vendors.count,
                             source: source, fetchedAt: data.fetchedAt),
            exitCode: ExitStatus.done.rawValue)
        // The full exchange validates every time; the changes-only poll (serve's) once a day.
        let today = JobToDateBuilder.day(Date()).description
        let validatedDay = try ledger.pipelineValue(Self.validationDayKey)
        if !changesOnly || validatedDay != today {
            var validator = ReferenceValidator(ledger: ledger, reference: data, mapping: config.mapping, budgets: procoreBudgets)
            if validator.budgets == nil {
                do { validator.budgets = try Self.procoreWriter(config) } catch {
                    validator.budgetsUnavailable = "\(error)"
                }
            }
            validator.onProgress = onBudgetProgress
            let validation = try await validator.run()
            summary.validation = validation
            summary.report = try ReferenceReportWriter.write(validation, directory: config.outboxDirectory + "/reference/\(validation.date)")
            try ledger.setPipelineValue(Self.validationDayKey, validation.date)
        }
        if config.mapping.vendors.syncToProcore {
            let vendors = try await exchangeVendors(ledger: ledger, configuration: config, sageVendors: data.vendors, runID: runID)
            summary.vendors = vendors
            if vendors.needsAttention { summary.exitCode = ExitStatus.needsPerson.rawValue }
        }
        if config.mapping.jobCostsToProcore {
            var exchange = DirectCostExchange(ledger: ledger, agent: agent, procore: try procoreDirectCosts ?? Self.procoreWriter(config),
                                              company: config.sage.company, mapping: config.mapping, runID: runID)
            for vendor in data.vendors {
                exchange.vendorNames[SageDocumentKey.vendor(division: vendor.apDivisionNo, vendorNo: vendor.vendorNo)] = vendor.vendorName
            }
            let jobCosts = try await exchange.run()
            summary.jobCosts = jobCosts
            if jobCosts.needsAttention { summary.exitCode = ExitStatus.needsPerson.rawValue }
        }
        if config.mapping.payments == .sage {
            let payments = try await exchangePayments(agent: agent, ledger: ledger, configuration: config, runID: runID, onProgress: onProgress)
            summary.payments = payments
            if payments.needsAttention { summary.exitCode = ExitStatus.needsPerson.rawValue }
        } else {
            summary.paymentsNote = "Procore is the payments system (mapping.payments: procore): its payments post to Sage 100 as manual checks with `run`; set mapping.payments: sage to send Sage's checks to Procore instead"
        }
        status = summary.exitStatus == .done ? .completed : .partial
        json = String(decoding: (try? JSONEncoder.sorted.encode(summary)) ?? Data(), as: UTF8.self)
        return summary
    }
}
