import Foundation
import Ledger
import Procore

/// Wires a pull from the configuration: opens the ledger, builds the Procore client, runs
/// the ``Puller``. What `ml-connector pull` calls.
public enum PullRunner {
    /// Runs one pull.
    ///
    /// - Parameters:
    ///   - resources: staged names (`requisitions`, `cost_codes`, …); nil for all.
    ///   - projects: only these project ids; nil for the configuration's list (or all).
    ///   - progress: receives live events, when a display is wanted.
    public static func run(configuration: ConnectorConfiguration, resources: [String]? = nil,
                           projects: [Int64]? = nil, full: Bool = false,
                           progress: PullProgress? = nil, parentRun: String? = nil) async throws -> PullSummary {
        let procoreConfiguration = try configuration.procore.clientConfiguration(file: configuration.file)
        try procoreConfiguration.validate()
        let selected = try resources.map { names throws(PullError) in try PullOptions.resources(named: names) }
            ?? ProcoreResource.allCases
        var options = PullOptions(resources: selected, projects: projects ?? configuration.procore.projects, full: full,
                                  maxConcurrency: configuration.procore.maxConcurrency,
                                  paymentsSweep: .seconds(configuration.procore.paymentsSweepSeconds),
                                  paymentsRecheck: .seconds(configuration.procore.paymentsRecheckSeconds))
        options.parentRun = parentRun
        let ledger = try ConnectorLedger.open(path: configuration.ledgerPath, url: configuration.ledgerURL, stagingRoot: configuration.stagingDirectory)
        var procoreEvents: ProcoreEventHandler?
        var pullEvents: PullEventHandler?
        if let progress {
            procoreEvents = { (event: ProcoreEvent) in progress.handle(event) }
            pullEvents = { (event: PullEvent) in progress.handle(event) }
        }
        let client = ProcoreClient(configuration: procoreConfiguration, onEvent: procoreEvents)
        let puller = Puller(source: client, ledger: ledger, stagingRoot: configuration.stagingDirectory,
                            companyID: configuration.procore.companyID, options: options, events: pullEvents)
        return try await puller.run()
    }
}
