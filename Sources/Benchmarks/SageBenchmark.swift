import Foundation
import Sage100

/// `ml-connector bench sage`: the Sage 100 side of a pay cycle.
///
/// - Visual Integrator: render + validate + write N AP invoices with ``VIBatchWriter``.
/// - SOAP: build and serialize N `CreateSalesOrder` envelopes, then parse them back.
/// - Posting: N AP invoices through the agent client into the simulator at 0 % and 20 % lock
///   rates (``AgentPostingBenchmark``), against the serial floor N × write latency.
public enum SageBenchmark {
    /// Lock rates the posting part runs at.
    public static let lockRates = [0.0, 0.2]

    public static func run(invoices: Int = 1000, writeLatency: Duration = .milliseconds(2),
                           progress: (@Sendable (String) -> Void)? = nil) async throws -> [BenchReport] {
        guard invoices >= 1 else { throw AgentPostingBenchmark.Failure(description: "invoices must be at least 1 (got \(invoices))") }
        var reports: [BenchReport] = []
        progress?("Visual Integrator: \(invoices) AP invoices…")
        reports.append(try visualIntegrator(invoices: invoices))
        progress?("SOAP: \(invoices) CreateSalesOrder envelopes…")
        reports.append(try soapEnvelopes(count: invoices))
        for rate in lockRates {
            progress?("posting \(invoices) AP invoices to the agent simulator, lock rate \(Int(rate * 100)) %…")
            let result = try await AgentPostingBenchmark.run(invoices: invoices, lockRate: rate, writeLatency: writeLatency)
            for line in result.notInSageDetails { progress?("not in Sage: \(line)") }
            var report = result.report
            report.benchmark = "sage agent posting, \(Int(rate * 100)) % locks"
            reports.append(report)
        }
        return reports
    }

    // MARK: - Visual Integrator

    /// Renders, validates and writes one AP invoice batch file; checks its control total
    /// against the same amounts summed in integer cents.
    public static func visualIntegrator(invoices count: Int) throws -> BenchReport {
        let (records, expectedCents) = try apInvoices(count)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ml-connector-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let clock = ContinuousClock()
        let start = clock.now
        let file = try VIBatchWriter().write(.apInvoices, records: records, to: folder.appendingPathComponent("ap-invoices.csv"))
        let seconds = AgentPostingBenchmark.Result.seconds(clock.now - start)
        guard file.controlTotal == Decimal(expectedCents) / 100 else {
            throw AgentPostingBenchmark.Failure(description: "the VI control total \(file.controlTotal) differs from the invoices' sum \(Decimal(expectedCents) / 100): the benchmark found a money error")
        }
        return BenchReport(benchmark: "sage visual integrator (render + validate + write)",
                           parameters: ["invoices": String(count)],
                           figures: [
                               BenchFigure("time", seconds * 1000, "ms"),
                               BenchFigure("throughput", rate(count, seconds), "records/s"),
                               BenchFigure("rows", Double(file.lineCount), "rows"),
                               BenchFigure("row throughput", rate(file.lineCount, seconds), "rows/s"),
                               BenchFigure("file size", Double(file.byteCount) / 1024, "KiB"),
                               BenchFigure("control total", NSDecimalNumber(decimal: file.controlTotal).doubleValue, "USD (checked to the cent)"),
                           ])
    }

    /// `count` valid AP invoices (3 distribution lines each) and their total in cents.
    static func apInvoices(_ count: Int) throws -> (records: [any SageRecord], cents: Int) {
        let date = try SageDate(year: 2026, month: 11, day: 28)
        var total = 0
        let records: [any SageRecord] = (0..<count).map { i in
            let cents = [100_000 + (i * 7919) % 9_000_000, 5_000 + (i * 104_729) % 500_000, 1 + (i * 31) % 99]
            let retainage = cents[0] / 10
            let net = cents.reduce(0, +) - retainage
            total += net
            let lines = zip(["000000510", "000000520", "000000570"], cents).map { accountKey, amount in
                APInvoiceLine(accountKey: accountKey, distributionAmt: Decimal(amount) / 100,
                              commentText: "cost code 09-\(250 + i % 50)", jobNo: "25\(String(format: "%02d", i % 40))",
                              costCode: "09-\(250 + i % 50)", costType: "S")
            } + [APInvoiceLine(accountKey: "000002010", distributionAmt: Decimal(-retainage) / 100, commentText: "retainage held this period")]
            return APInvoice(apDivisionNo: "00", vendorNo: "V\(String(format: "%05d", i % 500))",
                             invoiceNo: "R\(String(format: "%08d", i))", invoiceDate: date, termsCode: "30",
                             comment: "Procore requisition \(1_280_000 + i)", jobNo: "25\(String(format: "%02d", i % 40))",
                             invoiceAmt: Decimal(net) / 100, retentionAmt: Decimal(retainage) / 100, lines: lines)
        }
        return (records, total)
    }

    // MARK: - SOAP

    /// Builds and serializes `count` CreateSalesOrder envelopes, then parses each back and
    /// checks it carries the same request.
    public static func soapEnvelopes(count: Int) throws -> BenchReport {
        let builder = EBusinessEnvelopeBuilder(configuration: try EBusinessConfiguration(
            endpointURL: "https://127.0.0.1/ebusiness", companyCode: "ABC", username: "webuser"))
        let orders = (0..<count).map(salesOrder)
        let clock = ContinuousClock()

        var start = clock.now
        var envelopes: [EBusinessEnvelope] = []
        envelopes.reserveCapacity(count)
        for order in orders { envelopes.append(try builder.createSalesOrder(order)) }
        let buildSeconds = AgentPostingBenchmark.Result.seconds(clock.now - start)
        let bytes = envelopes.reduce(0) { $0 + $1.bytes.count }

        start = clock.now
        var mismatches = 0
        for envelope in envelopes {
            let parsed = try EBusinessRequest.parse(bytes: envelope.bytes, namespaceURI: builder.configuration.namespaceURI)
            if parsed != envelope.request { mismatches += 1 }
        }
        let parseSeconds = AgentPostingBenchmark.Result.seconds(clock.now - start)
        guard mismatches == 0 else {
            throw AgentPostingBenchmark.Failure(description: "\(mismatches) of \(count) envelopes did not parse back to the request they were built from")
        }
        return BenchReport(benchmark: "sage eBusiness SOAP envelopes (CreateSalesOrder)",
                           parameters: ["envelopes": String(count)],
                           figures: [
                               BenchFigure("build + serialize", buildSeconds * 1000, "ms"),
                               BenchFigure("build throughput", rate(count, buildSeconds), "envelopes/s"),
                               BenchFigure("parse back", parseSeconds * 1000, "ms"),
                               BenchFigure("parse throughput", rate(count, parseSeconds), "envelopes/s"),
                               BenchFigure("average envelope", Double(bytes) / Double(count), "bytes"),
                           ])
    }

    /// An owner pay application as a sales order: billing, stored materials and retainage lines.
    static func salesOrder(_ i: Int) -> EBusinessSalesOrder {
        let billed = Decimal(1_000_000 + (i * 7919) % 90_000_000) / 100
        let stored = Decimal(10_000 + (i * 104_729) % 5_000_000) / 100
        let retainage = Decimal((1_000_000 + (i * 7919) % 90_000_000) / 10) / 100
        return EBusinessSalesOrder(
            salesOrderNo: String(format: "%07d", i + 1), orderDate: "20261128", arDivisionNo: "01",
            customerNo: "OWNER\(String(format: "%02d", i % 50))", customerPONo: "PA-\(i % 24 + 1)",
            comment: "Pay app #\(i % 24 + 1) & retainage <owner>",
            lines: [
                EBusinessSalesOrderLine(itemCode: "/BILLING", itemType: "5", quantity: 1, unitPrice: billed, extensionAmt: billed,
                                        commentText: "Work completed this period"),
                EBusinessSalesOrderLine(itemCode: "/STORED", itemType: "5", quantity: 1, unitPrice: stored, extensionAmt: stored,
                                        commentText: "Materials presently stored"),
                EBusinessSalesOrderLine(itemCode: "/RETAIN", itemType: "5", quantity: -1, unitPrice: retainage,
                                        extensionAmt: -retainage),
            ],
            otherFields: [EBusinessField(masFieldName: "UDF_PROCORE_ID", value: String(562_949_953_421_312 + i))])
    }

    static func rate(_ count: Int, _ seconds: Double) -> Double {
        seconds > 0 ? (Double(count) / seconds).rounded() : 0
    }
}
