import Connector
import Foundation
import Ledger
import Sage100

/// Figures of one `bench transform` run.
public struct TransformBenchmarkFigures: Sendable, Codable {
    public var lines: Int
    public var requisitions: Int
    public var linesPerRequisition: Int
    public var stagedMiB: Double
    public var generateSeconds: Double
    /// Transformer.run(): read staging, decode, map, validate, VI + JSON batch files, ledger.
    public var transformSeconds: Double
    public var linesPerSecond: Double
    public var invoicesPerSecond: Double
    public var invoicesValid: Int
    public var invoicesInvalid: Int
    /// The batch control totals equal the generated net payable, to the cent.
    public var controlTotalsMatch: Bool
    public var outboxMiB: Double
    public var ledgerMiB: Double
    /// Peak resident memory of the setup (generating the lines and storing them as a pull
    /// would), before the transform starts, in MiB.
    public var peakBeforeTransformMiB: Double?
    /// Peak resident memory from the start of the transform to its end (before
    /// reconciliation), in MiB: the process's whole resident memory, setup leftovers included.
    public var peakAfterTransformMiB: Double?
    /// Peak resident memory from the end of the transform to the start of reconciliation
    /// (marking posted, the stand-in agent writing its answers), in MiB.
    public var peakBetweenMiB: Double?
    /// Peak resident memory of the reconciliation alone (its peak started anew), in MiB.
    public var peakReconcileMiB: Double?
    /// Ledger-only stand-in for `post`: every batched record moved to posted.
    public var markPostedSeconds: Double?
    /// Reconciler.reconcile() over the run, reading back from the outbox (no agent).
    public var reconcileSeconds: Double?
    public var reconcileLinesPerSecond: Double?
    public var reconciled: Bool?
    public var reconcileExceptions: Int?
    /// Reconciliation's floor: the same source amounts summed by one SQL query.
    public var reconcileFloorSeconds: Double?
    /// Peak resident memory of the whole process at the end, in MiB.
    public var peakResidentMiB: Double?
    /// What the transform cannot beat, measured after it on the same data.
    public var floors: TransformFloors?

    enum CodingKeys: String, CodingKey {
        case lines, requisitions, reconciled
        case linesPerRequisition = "lines_per_requisition", stagedMiB = "staged_mib", generateSeconds = "generate_s"
        case transformSeconds = "transform_s", linesPerSecond = "lines_per_s", invoicesPerSecond = "invoices_per_s"
        case invoicesValid = "invoices_valid", invoicesInvalid = "invoices_invalid"
        case controlTotalsMatch = "control_totals_match", outboxMiB = "outbox_mib", ledgerMiB = "ledger_mib"
        case peakBeforeTransformMiB = "peak_rss_before_transform_mib"
        case peakAfterTransformMiB = "peak_rss_after_transform_mib", markPostedSeconds = "mark_posted_s"
        case reconcileSeconds = "reconcile_s", reconcileLinesPerSecond = "reconcile_lines_per_s"
        case reconcileExceptions = "reconcile_exceptions", peakResidentMiB = "peak_rss_mib"
        case peakBetweenMiB = "peak_rss_before_reconcile_mib", peakReconcileMiB = "peak_rss_reconcile_mib"
        case floors
        case reconcileFloorSeconds = "reconcile_floor_s"
    }

    /// The connector's own peak: the larger of the transform's and the reconcile's, each started
    /// anew after the benchmark's setup and its stand-in agent (which, in life, are Procore and
    /// another machine). What `transform-memory` compares.
    public var stagesPeakMiB: Double? {
        [peakAfterTransformMiB, peakReconcileMiB].compactMap { $0 }.max()
    }

    /// Transform time over the parse floor, the insert floor, and both together.
    public var floorRatios: (parse: Double, insert: Double, both: Double)? {
        guard let floors, floors.parseSeconds > 0, floors.insertSeconds > 0 else { return nil }
        return (transformSeconds / floors.parseSeconds, transformSeconds / floors.insertSeconds,
                transformSeconds / (floors.parseSeconds + floors.insertSeconds))
    }

    /// The figures as a ``BenchReport``.
    public var report: BenchReport {
        var figures = [
            BenchFigure("staged requisitions", stagedMiB, "MiB"),
            BenchFigure("transform", transformSeconds, "s"),
            BenchFigure("throughput", linesPerSecond.rounded(), "lines/s"),
            BenchFigure("invoice throughput", invoicesPerSecond.rounded(), "invoices/s"),
            BenchFigure("invoices valid", Double(invoicesValid), "invoices"),
            BenchFigure("invoices invalid", Double(invoicesInvalid), "invoices"),
            BenchFigure("control totals match", controlTotalsMatch ? 1 : 0, "(1 = to the cent)"),
            BenchFigure("outbox size", outboxMiB, "MiB"),
            BenchFigure("ledger size", ledgerMiB, "MiB"),
        ]
        if let floors, let ratios = floorRatios {
            figures += [
                BenchFigure("floor: parse staged lines", floors.parseSeconds, "s (\(floors.parser))"),
                BenchFigure("floor: bare insert of \(floors.insertedRows) rows", floors.insertSeconds, "s"),
                BenchFigure("transform / parse floor", ratios.parse, "x"),
                BenchFigure("transform / insert floor", ratios.insert, "x"),
                BenchFigure("transform / both floors", ratios.both, "x"),
            ]
        }
        if let peakBeforeTransformMiB { figures.append(BenchFigure("peak RSS of the setup", peakBeforeTransformMiB, "MiB")) }
        if let peakAfterTransformMiB { figures.append(BenchFigure("peak RSS of the transform", peakAfterTransformMiB, "MiB")) }
        if let markPostedSeconds { figures.append(BenchFigure("mark posted (ledger only)", markPostedSeconds, "s")) }
        if let reconcileSeconds { figures.append(BenchFigure("reconcile", reconcileSeconds, "s")) }
        if let reconcileLinesPerSecond { figures.append(BenchFigure("reconcile throughput", reconcileLinesPerSecond.rounded(), "lines/s")) }
        if let reconcileSeconds, let reconcileFloorSeconds, reconcileFloorSeconds > 0 {
            figures.append(BenchFigure("floor: one SQL sum of the amounts", reconcileFloorSeconds, "s"))
            figures.append(BenchFigure("reconcile / floor", reconcileSeconds / reconcileFloorSeconds, "x"))
        }
        if let reconciled { figures.append(BenchFigure("reconciled", reconciled ? 1 : 0, "(1 = yes)")) }
        if let peakBetweenMiB { figures.append(BenchFigure("peak RSS marking posted, stand-in agent", peakBetweenMiB, "MiB")) }
        if let peakReconcileMiB { figures.append(BenchFigure("peak RSS of the reconcile", peakReconcileMiB, "MiB")) }
        if let reconcileExceptions { figures.append(BenchFigure("reconcile exceptions", Double(reconcileExceptions), "exceptions")) }
        if let peakResidentMiB { figures.append(BenchFigure("peak RSS", peakResidentMiB, "MiB")) }
        return BenchReport(benchmark: "transform + validate + ledger\(reconcileSeconds == nil ? "" : " + reconcile")",
                           parameters: ["lines": String(lines), "requisitions": String(requisitions),
                                        "lines_per_requisition": String(linesPerRequisition)],
                           figures: figures)
    }
}

/// `ml-connector bench transform`: generated requisitions (see ``TransformDataset``) through the
/// real ``Transformer`` into a temporary ledger and outbox, then the real ``Reconciler`` over the
/// result (read back from the outbox batches: no agent, see ``OutboxReadBackSource``).
public enum TransformBenchmark {
    /// Why the benchmark could not produce figures.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let company = "ABC"

    public static func run(lines: Int = 100_000, linesPerRequisition: Int = 50, reconcile: Bool = true,
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> TransformBenchmarkFigures {
        let dataset = TransformDataset(shape: .init(lines: lines, linesPerRequisition: linesPerRequisition))
        try dataset.shape.validate()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ml-connector-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ContinuousClock()

        progress?("generating \(lines) requisition lines…")
        var start = clock.now
        let written = try dataset.write(stagingRoot: folder.appendingPathComponent("staging").path)
        let generateSeconds = seconds(clock.now - start)
        let mapping = try dataset.mapping()
        let reference = try dataset.reference(company: company)
        let ledgerPath = folder.appendingPathComponent("ml-connector.sqlite").path
        let ledger = try Ledger.open(path: ledgerPath)
        let outbox = folder.appendingPathComponent("outbox").path

        // What a pull would have stored: the generated lines as source versions in the ledger.
        progress?("storing \(written.requisitions) requisitions in the ledger as a pull would…")
        try StagingImport.importFolders(ledger: ledger, stagingRoot: folder.appendingPathComponent("staging").path)
        let rowsBefore = try TransformFloors.rowCount(ledgerPath: ledgerPath)
        // The setup (generating the lines, storing them as a pull would) is not the transform:
        // its peak is reported on its own, and the transform's peak starts from what it left.
        let peakBeforeTransform = ProcessMemory.peakRSSBytes().map { Double($0) / 1_048_576 }
        FreedMemory.release()
        ProcessMemory.resetPeak()
        progress?("transforming \(written.requisitions) requisitions…")
        start = clock.now
        let summary = try Transformer(ledger: ledger, mapping: mapping,
                                      reference: reference, company: company, outboxRoot: outbox,
                                      options: TransformOptions(today: Date(timeIntervalSince1970: 1_795_000_000))).run()
        let transformSeconds = seconds(clock.now - start)
        let peakAfterTransform = ProcessMemory.peakRSSBytes().map { Double($0) / 1_048_576 }
        progress?("measuring the floors: parsing the staged lines, inserting as many rows bare…")
        let floors = try TransformFloors.measure(
            ledgerPath: ledgerPath, insertedRows: try TransformFloors.rowCount(ledgerPath: ledgerPath) - rowsBefore,
            scratch: folder.path)

        let counts = summary.counts(SageDocumentKind.apInvoices.rawValue)
        if let first = summary.invalid.first {
            throw Failure(description: "\(summary.invalid.count) generated requisitions were invalid, e.g. \(first.label): \(first.reasons.prefix(2).joined(separator: "; ")); the generator and the transform disagree")
        }
        let invoiceBatches = summary.batches.filter { $0.kind == SageDocumentKind.apInvoices.rawValue }
        let control = invoiceBatches.reduce(Decimal(0)) { $0 + (AgentWire.parseDecimal($1.controlTotal) ?? .nan) }
        let expected = Decimal(written.netCents) / 100

        var figures = TransformBenchmarkFigures(
            lines: written.lines, requisitions: written.requisitions, linesPerRequisition: linesPerRequisition,
            stagedMiB: Double(written.stagedBytes) / 1_048_576, generateSeconds: generateSeconds,
            transformSeconds: transformSeconds, linesPerSecond: rate(written.lines, transformSeconds),
            invoicesPerSecond: rate(counts.valid, transformSeconds), invoicesValid: counts.valid,
            invoicesInvalid: counts.invalid, controlTotalsMatch: control == expected,
            outboxMiB: Double(directoryBytes(outbox)) / 1_048_576,
            ledgerMiB: Double(directoryBytes(folder.path, prefix: "ml-connector.sqlite")) / 1_048_576,
            peakBeforeTransformMiB: peakBeforeTransform, peakAfterTransformMiB: peakAfterTransform, floors: floors)

        if reconcile {
            progress?("marking \(counts.valid) invoices posted in the ledger…")
            start = clock.now
            for batch in summary.batches {
                let records = try ledger.postingRecords(batchID: batch.id)
                let attempts = try ledger.beginPosting(recordIDs: records.map(\.id), batchID: batch.id)
                try ledger.finishPosting(records.map {
                    PostingResult(recordID: $0.id, attemptID: attempts[$0.id], state: .posted, targetKey: $0.targetKey,
                                  outcome: "posted")
                })
                try ledger.setBatchState(batch.id, to: .posted)
            }
            figures.markPostedSeconds = seconds(clock.now - start)

            progress?("reconciling…")
            let source = try OutboxReadBackSource.prepare(
                batchPaths: Dictionary(summary.batches.map { ($0.id, $0.path) }, uniquingKeysWith: { a, _ in a }),
                reference: reference, answers: folder.appendingPathComponent("agent-answers"))
            // Marking posted and the stand-in playing the agent (another process, in life) are
            // not reconciliation: what they freed goes back to the system and the reconcile's
            // peak starts here.
            let peakBeforeReconcile = ProcessMemory.peakRSSBytes().map { Double($0) / 1_048_576 }
            FreedMemory.release()
            ProcessMemory.resetPeak()
            start = clock.now
            let report = try await Reconciler(ledger: ledger, source: source,
                                              options: ReconcileOptions(company: company)).reconcile(runID: summary.runID)
            let reconcileSeconds = seconds(clock.now - start)
            figures.reconcileSeconds = reconcileSeconds
            figures.peakReconcileMiB = ProcessMemory.peakRSSBytes().map { Double($0) / 1_048_576 }
            figures.peakBetweenMiB = peakBeforeReconcile
            figures.reconcileLinesPerSecond = rate(written.lines, reconcileSeconds)
            figures.reconciled = report.isReconciled
            figures.reconcileExceptions = report.exceptions.count
            figures.reconcileFloorSeconds = try TransformFloors.reconcileFloor(ledgerPath: ledgerPath).seconds
        }
        // The whole run's peak: the setup's, or the largest since the transform started.
        let peakSince = ProcessMemory.peakRSSBytes().map { Double($0) / 1_048_576 }
        figures.peakResidentMiB = [peakBeforeTransform, figures.peakBetweenMiB, peakSince].compactMap { $0 }.max()
        return figures
    }

    /// `bench transform-memory`: the transform (and reconciliation) at `lines` and at
    /// `factor × lines`, each in its own child process (`bench transform --json`).
    public static func compareMemory(lines: Int = 100_000, factor: Int = 10, linesPerRequisition: Int = 50,
                                     reconcile: Bool = true, progress: (@Sendable (String) -> Void)? = nil)
        async throws -> MemoryComparison {
        guard factor >= 2 else { throw Failure(description: "--factor must be at least 2 (got \(factor))") }
        let executable = try ChildProcess.currentExecutable()
        var results: [TransformBenchmarkFigures] = []
        for size in [lines, lines * factor] {
            progress?("transform of \(size) lines in a child process…")
            var arguments = ["bench", "transform", "--lines", String(size), "--lines-per-requisition",
                             String(linesPerRequisition), "--json"]
            if !reconcile { arguments.append("--no-reconcile") }
            let (status, output) = try await ChildProcess.run(executable, arguments)
            guard status == 0 else {
                throw Failure(description: "the transform child process (\(size) lines) exited with status \(status) (its error is printed above)")
            }
            do {
                results.append(try JSONDecoder().decode(TransformBenchmarkFigures.self, from: output))
            } catch {
                throw Failure(description: "the transform child printed no readable figures (\(error)): \(String(decoding: output.prefix(300), as: UTF8.self))")
            }
        }
        guard let smallPeak = results[0].stagesPeakMiB, let largePeak = results[1].stagesPeakMiB else {
            throw Failure(description: "the transform child could not read its peak memory (/proc/self/status VmHWM); this benchmark needs Linux")
        }
        return MemoryComparison(benchmark: "transform memory", unit: "lines", smallSize: results[0].lines,
                                largeSize: results[1].lines, smallPeakMiB: smallPeak, largePeakMiB: largePeak,
                                limit: PullMemoryBenchmark.limit, small: results[0].report, large: results[1].report)
    }

    static func seconds(_ d: Duration) -> Double { AgentPostingBenchmark.Result.seconds(d) }

    static func rate(_ count: Int, _ seconds: Double) -> Double { seconds > 0 ? Double(count) / seconds : 0 }

    /// Bytes of the files under `path` (only names starting with `prefix` at the top level).
    static func directoryBytes(_ path: String, prefix: String? = nil) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let name as String in enumerator {
            if let prefix, !name.hasPrefix(prefix) { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            if (attributes?[.type] as? FileAttributeType) == .typeRegular {
                total += (attributes?[.size] as? Int) ?? 0
            }
        }
        return total
    }
}
