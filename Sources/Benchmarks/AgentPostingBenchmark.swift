import Foundation
import HTTP
import Sage100
import Sandbox

/// `ml-connector bench sage`: posts N AP invoices through the real agent client
/// (`CurlHTTPClient` over loopback) into a Sage agent simulator with injected record locks and
/// a per-record write latency, and compares the wall time with the serial floor (N × write
/// latency: the simulator, like Sage's COM layer, writes one record at a time per company).
public enum AgentPostingBenchmark {
    /// The measured figures of one run.
    public struct Result: Sendable {
        public var invoices: Int
        public var lockRate: Double
        public var writeLatency: Duration
        /// From the first import request to the last answer (reference reads excluded).
        public var wallTime: Duration
        /// N × write latency.
        public var serialFloor: Duration
        /// The time the simulator's writer was busy with records (its stats): the floor a
        /// client that keeps it busy reaches.
        public var agentBusy: Duration
        public var posted: Int
        /// Idempotency keys that appear more than once in the simulator's postings (must be 0).
        public var postedMoreThanOnce: Int
        public var requests: Int
        public var lockRetries: Int
        public var moduleLockWaits: Int
        /// Records not in Sage at the end (locked after every attempt, rejected, uncertain).
        public var notInSage: Int
        /// Of those, the ones still locked after every attempt the backoff policy allows.
        public var lockedAfterEveryAttempt: Int
        /// One line per record not in Sage: its key, status, attempts and Sage's message.
        public var notInSageDetails: [String]

        /// Wall time divided by the serial floor (nil when the floor is zero).
        public var ratioToFloor: Double? {
            let floor = Self.seconds(serialFloor)
            return floor > 0 ? Self.seconds(wallTime) / floor : nil
        }

        /// Wall time divided by the agent's busy time (nil when it was never busy).
        public var ratioToBusy: Double? {
            let busy = Self.seconds(agentBusy)
            return busy > 0 ? Self.seconds(wallTime) / busy : nil
        }

        /// Invoices per second of wall time.
        public var invoicesPerSecond: Double {
            let wall = Self.seconds(wallTime)
            return wall > 0 ? Double(invoices) / wall : 0
        }

        /// The figures as the `bench` command prints them.
        public var report: BenchReport {
            var figures = [
                BenchFigure("wall time", Self.seconds(wallTime) * 1000, "ms"),
                BenchFigure("floor: agent busy time", Self.seconds(agentBusy) * 1000, "ms"),
                BenchFigure("serial floor (N x latency)", Self.seconds(serialFloor) * 1000, "ms"),
                BenchFigure("throughput", invoicesPerSecond, "invoices/s"),
                BenchFigure("import requests", Double(requests), "requests"),
                BenchFigure("lock retries", Double(lockRetries), "records"),
                BenchFigure("module lock waits", Double(moduleLockWaits), "waits"),
                BenchFigure("posted", Double(posted), "invoices"),
                BenchFigure("posted more than once", Double(postedMoreThanOnce), "invoices"),
                BenchFigure("not in Sage", Double(notInSage), "invoices"),
                BenchFigure("of which locked at every attempt", Double(lockedAfterEveryAttempt), "invoices"),
            ]
            if let ratio = ratioToFloor {
                figures.insert(BenchFigure("wall / serial floor", ratio, "x"), at: 3)
            }
            if let ratio = ratioToBusy {
                figures.insert(BenchFigure("wall / agent busy", ratio, "x"), at: 2)
            }
            return BenchReport(benchmark: "sage agent posting",
                               parameters: ["invoices": "\(invoices)", "lock_rate": "\(lockRate)",
                                            "write_latency": "\(writeLatency)"],
                               figures: figures)
        }

        static func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
    }

    /// Why a benchmark run could not produce figures.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts a simulator on 127.0.0.1, posts `invoices` AP invoices in one batch, checks the
    /// simulator posted every idempotency key once, stops the simulator and returns the figures.
    public static func run(invoices: Int = 1000, lockRate: Double = 0.1,
                           writeLatency: Duration = .milliseconds(2), seed: UInt64 = 1) async throws -> Result {
        guard invoices >= 1 else { throw Failure(description: "invoices must be at least 1 (got \(invoices))") }
        let apiKey = "bench-\(UUID().uuidString)"
        let simulator = try SageAgentSimulator(configuration: SageAgentSimulatorConfiguration(
            seed: seed, lockRate: lockRate, writeLatency: writeLatency, apiKey: apiKey))
        try await simulator.start()
        do {
            let result = try await measure(simulator, apiKey: apiKey, invoices: invoices, lockRate: lockRate,
                                           writeLatency: writeLatency)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    static func measure(_ simulator: SageAgentSimulator, apiKey: String, invoices count: Int, lockRate: Double,
                        writeLatency: Duration) async throws -> Result {
        let configuration = try SageAgentConfiguration(baseURL: simulator.baseURL, companyCode: simulator.configuration.company,
                                                       auth: .apiKey(Secret(apiKey)))
        let client = SageAgentClient(configuration: configuration)
        let records = try await invoices(count, using: client)

        let busyBefore = simulator.stats().busySeconds
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await client.post(batchID: "BENCH-\(count)", records: records)
        let wall = clock.now - start
        let busy = simulator.stats().busySeconds - busyBefore

        let postings = try simulator.postings()
        var seen: [String: Int] = [:]
        for posting in postings { seen[posting.idempotencyKey, default: 0] += 1 }
        return Result(invoices: count, lockRate: lockRate, writeLatency: writeLatency, wallTime: wall,
                      serialFloor: writeLatency * count, agentBusy: .nanoseconds(Int64(busy * 1e9)), posted: seen.count,
                      postedMoreThanOnce: seen.values.filter { $0 > 1 }.count, requests: outcome.attempts,
                      lockRetries: outcome.lockRetries, moduleLockWaits: outcome.moduleLockWaits,
                      notInSage: outcome.needsAttention.count, lockedAfterEveryAttempt: outcome.counts.locked,
                      notInSageDetails: outcome.needsAttention.map { record in
                          "\(record.idempotencyKey): \(record.status.rawValue) after \(record.attempts) attempts"
                              + (record.messages.first.map { " (\($0.message))" } ?? "")
                      })
    }

    /// Valid AP invoices for the simulator's seeded company: its vendors and active accounts,
    /// amounts in exact cents.
    static func invoices(_ count: Int, using client: SageAgentClient) async throws
        -> [(idempotencyKey: String, record: APInvoice)] {
        let vendors = try await client.vendors().filter { !$0.termsCode.isEmpty }
        let accounts = try await client.glAccounts().filter { $0.status == .active }
        guard !vendors.isEmpty, !accounts.isEmpty else {
            throw Failure(description: "the simulator has no vendors with terms or no active GL accounts")
        }
        let date = try SageDate(year: 2026, month: 11, day: 28)
        return (0..<count).map { i in
            let vendor = vendors[i % vendors.count]
            let account = accounts[i % accounts.count]
            let amount = Decimal(5_000 + (i * 7919) % 900_000) / 100
            let invoice = APInvoice(apDivisionNo: vendor.apDivisionNo, vendorNo: vendor.vendorNo,
                                    invoiceNo: "B\(String(format: "%08d", i))", invoiceDate: date,
                                    termsCode: vendor.termsCode, invoiceAmt: amount,
                                    lines: [APInvoiceLine(accountKey: account.accountKey, distributionAmt: amount)])
            return (idempotencyKey: "bench:\(i)", record: invoice)
        }
    }
}
