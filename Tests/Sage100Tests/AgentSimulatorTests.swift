import Foundation
import HTTP
import Sandbox
import Testing
@testable import Sage100

/// The agent client over loopback against the Sage agent simulator, with the real
/// `CurlHTTPClient`: authentication, TLS, mutual TLS, lock storms, duplicates, dropped
/// connections and module locks.
@Suite("Agent client against the simulator")
struct AgentSimulatorTests {
    static let apiKey = "sim-agent-key-7f3a"

    /// Runs `body` with a started simulator, stopping it afterwards.
    func withSimulator<T>(_ configuration: SageAgentSimulatorConfiguration,
                          _ body: (SageAgentSimulator) async throws -> T) async throws -> T {
        let simulator = try SageAgentSimulator(configuration: configuration)
        try await simulator.start()
        do {
            let result = try await body(simulator)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    func client(_ simulator: SageAgentSimulator, auth: SageAgentAuth = .apiKey(Secret(apiKey)),
                caBundle: String? = nil, backoff: SageAgentBackoffPolicy? = nil,
                importTimeout: Duration = .seconds(30)) throws -> SageAgentClient {
        let configuration = try SageAgentConfiguration(
            baseURL: simulator.baseURL, companyCode: "ABC", auth: auth, caBundlePath: caBundle,
            connectTimeout: .seconds(5), requestTimeout: .seconds(15), importTimeout: importTimeout,
            lockBackoff: backoff ?? SageAgentBackoffPolicy(base: .milliseconds(10), cap: .milliseconds(200), maxAttempts: 12),
            moduleLockMaxWait: .seconds(10))
        return SageAgentClient(configuration: configuration, writerLocks: SageCompanyWriterLocks())
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("agent-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: - Authentication and TLS

    @Test("API key: right key reads status and reference data; wrong key is unauthorized")
    func apiKeyAuth() async throws {
        try await withSimulator(.init(apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            let status = try await agent.status()
            #expect(status.companies.map(\.code).contains("ABC"))
            let vendors = try await agent.vendors()
            #expect(vendors.count >= 20)
            #expect(vendors.contains { $0.vendorNo == "0001000" && $0.vendorName == "Acme Steel Erectors" })
            let accounts = try await agent.glAccounts()
            #expect(accounts.contains { $0.status == .active })
            #expect(accounts.contains { $0.status != .active })
            let structure = try await agent.accountStructureDetails()
            #expect(structure.mask == "####-##-##")

            let intruder = try client(simulator, auth: .apiKey(Secret("wrong-key")))
            await #expect {
                _ = try await intruder.status()
            } throws: { error in
                guard case SageAgentError.unauthorized(401, _)? = error as? SageAgentError else { return false }
                return !"\(error)".contains("wrong-key")
            }
            let invoices = try await Self.invoices(3, tag: "AU", using: agent)
            await #expect(throws: SageAgentError.self) {
                _ = try await intruder.post(batchID: "AUTH-1", records: invoices)
            }
            #expect(try simulator.postings().isEmpty)
        }
    }

    @Test("HTTPS with a generated CA: trusted with the CA bundle, refused without it")
    func httpsWithGeneratedCA() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try TestCertificates.generate(in: dir)
        try await withSimulator(.init(apiKey: Self.apiKey, tls: SageAgentSimulatorTLS(paths))) { simulator in
            #expect(simulator.baseURL.hasPrefix("https://"))
            let agent = try client(simulator, caBundle: paths.caCert.path)
            #expect(try await agent.status().companies.first?.code == "ABC")

            let untrusting = try client(simulator)  // system CA bundle: the test CA is unknown
            await #expect {
                _ = try await untrusting.status()
            } throws: { error in
                guard case SageAgentError.transport(let cause)? = error as? SageAgentError else { return false }
                if case .tls = cause { return true }
                return false
            }
        }
    }

    @Test("mutual TLS: a client certificate from the CA is let in; none, or another CA's, is refused")
    func mutualTLS() async throws {
        let dir = try Self.temporaryDirectory()
        let otherDir = try Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: otherDir)
        }
        let paths = try TestCertificates.generate(in: dir)
        let other = try TestCertificates.generate(in: otherDir)
        try await withSimulator(.init(tls: SageAgentSimulatorTLS(paths), mtls: true)) { simulator in
            let agent = try client(simulator, auth: .clientCertificate(certPath: paths.clientCert.path, keyPath: paths.clientKey.path),
                                   caBundle: paths.caCert.path)
            #expect(try await agent.status().companies.first?.code == "ABC")
            #expect(try await agent.vendors().isEmpty == false)

            let noCertificate = try client(simulator, auth: .apiKey(Secret("irrelevant")), caBundle: paths.caCert.path)
            await #expect {
                _ = try await noCertificate.status()
            } throws: { error in
                guard case SageAgentError.transport? = error as? SageAgentError else { return false }
                return true
            }
            let foreign = try client(simulator, auth: .clientCertificate(certPath: other.clientCert.path, keyPath: other.clientKey.path),
                                     caBundle: paths.caCert.path)
            await #expect {
                _ = try await foreign.status()
            } throws: { error in
                guard case SageAgentError.transport? = error as? SageAgentError else { return false }
                return true
            }
        }
    }

    // MARK: - Posting

    @Test("lock storm: 500 AP invoices at lock rate 0.3 are each posted exactly once")
    func lockStorm() async throws {
        try await withSimulator(.init(seed: 2026, lockRate: 0.3, writeLatency: .zero, apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            let invoices = try await Self.invoices(500, tag: "LS", using: agent)
            let events = EventLog()
            let outcome = try await agent.post(batchID: "STORM-1", records: invoices, onEvent: events.record)

            #expect(outcome.counts.posted == 500, "\(outcome.counts)")
            #expect(outcome.records.allSatisfy { $0.status == .posted && $0.sageKey != nil })
            #expect(outcome.lockRetries > 0)
            let stats = simulator.stats()
            #expect(stats.locksInjected > 0)
            #expect(outcome.lockRetries == stats.locksInjected)  // every locked answer was resent, nothing else
            #expect(stats.duplicates == 0)

            let postings = try simulator.postings()
            let keys = postings.map(\.idempotencyKey)
            #expect(keys.count == 500)
            #expect(Set(keys) == Set(invoices.map(\.idempotencyKey)))
            let sourceTotal = invoices.reduce(Decimal(0)) { $0 + $1.record.invoiceAmt }
            #expect(postings.reduce(Decimal(0)) { $0 + $1.amount } == sourceTotal)
            #expect(events.names.contains("backingOff"))

            // Read-back for reconciliation sees the same documents and total.
            let readBack = try await agent.apInvoices(batch: "STORM-1")
            #expect(readBack.count == 500)
            #expect(readBack.compactMap { AgentWire.parseDecimal($0.amount) }.reduce(0, +) == sourceTotal)
        }
    }

    @Test("the same batch twice: every record duplicate the second time, nothing posted again")
    func sameBatchTwice() async throws {
        try await withSimulator(.init(apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            let invoices = try await Self.invoices(25, tag: "DU", using: agent)
            let first = try await agent.post(batchID: "DUP-1", records: invoices)
            #expect(first.counts.posted == 25)
            let before = try simulator.postings()

            let second = try await agent.post(batchID: "DUP-1", records: invoices)
            #expect(second.counts.duplicate == 25)
            #expect(second.records.map(\.sageKey) == first.records.map(\.sageKey))
            #expect(try simulator.postings() == before)
            #expect(simulator.stats().duplicates == 25)
        }
    }

    @Test("dropped connection after commit: settled as posted through /postings, never sent again")
    func droppedConnectionSettled() async throws {
        try await withSimulator(.init(apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            let invoices = try await Self.invoices(6, tag: "DR", using: agent)
            simulator.dropConnectionAfterCommit(count: 1)
            let outcome = try await agent.post(batchID: "DROP-1", records: invoices)

            #expect(simulator.stats().droppedConnections == 1)
            #expect(outcome.records.allSatisfy { $0.status == .posted && $0.settledByLookup && $0.sageKey != nil })
            #expect(outcome.settled == 6)
            #expect(outcome.attempts == 1)
            let stats = simulator.stats()
            #expect(stats.writes == 6)
            #expect(stats.duplicates == 0)  // nothing was resent
            #expect(try simulator.postings().map(\.idempotencyKey).sorted() == invoices.map(\.idempotencyKey).sorted())
        }
    }

    /// A client whose import answer is given up on after `importTimeout`, and which waits at
    /// most `inProgressMaxWait` for an import the agent is still writing.
    func patientClient(_ simulator: SageAgentSimulator, importTimeout: Duration,
                       inProgressMaxWait: Duration) throws -> SageAgentClient {
        let configuration = try SageAgentConfiguration(
            baseURL: simulator.baseURL, companyCode: "ABC", auth: .apiKey(Secret(Self.apiKey)),
            connectTimeout: .seconds(5), requestTimeout: .seconds(15), importTimeout: importTimeout,
            lockBackoff: SageAgentBackoffPolicy(base: .milliseconds(10), cap: .milliseconds(100), maxAttempts: 12),
            moduleLockMaxWait: .seconds(10), inProgressMaxWait: inProgressMaxWait)
        return SageAgentClient(configuration: configuration, writerLocks: SageCompanyWriterLocks())
    }

    @Test("an answer lost while the agent is still writing the import: the client waits for it instead of resending")
    func lostAnswerWaitsForTheImportInProgress() async throws {
        try await withSimulator(.init(writeLatency: .milliseconds(120), apiKey: Self.apiKey)) { simulator in
            let setup = try client(simulator)
            let invoices = try await Self.invoices(8, tag: "IP", using: setup)
            // The client gives up on the answer after ~2 of the 8 writes; the agent goes on writing.
            let agent = try patientClient(simulator, importTimeout: .milliseconds(300), inProgressMaxWait: .seconds(30))
            let outcome = try await agent.post(batchID: "INPROG-1", records: invoices)
            #expect(outcome.counts.posted == 8, "\(outcome.records.map { "\($0.idempotencyKey): \($0.status)" })")
            #expect(outcome.records.allSatisfy { $0.settledByLookup })
            let stats = simulator.stats()
            #expect(stats.writes == 8)
            #expect(stats.duplicates == 0, "nothing was resent while the first import was being written")
            #expect(try simulator.postings().map(\.idempotencyKey).sorted() == invoices.map(\.idempotencyKey).sorted())
        }
    }

    @Test("after the sender died, settling a record of its import waits until the agent has written it")
    func settlementAfterCrashWaits() async throws {
        try await withSimulator(.init(writeLatency: .milliseconds(100), apiKey: Self.apiKey)) { simulator in
            let setup = try client(simulator)
            let invoices = try await Self.invoices(6, tag: "KD", using: setup)
            // The "killed run": its request is on the agent, its process is gone.
            let sender = Task { [invoices] in
                let dying = try patientClient(simulator, importTimeout: .seconds(30), inProgressMaxWait: .seconds(30))
                return try await dying.post(batchID: "KILLED-1", records: invoices)
            }
            // Once the agent has the request (the first record is written), the sender dies.
            let settler = try patientClient(simulator, importTimeout: .seconds(30), inProgressMaxWait: .seconds(30))
            while !(try await settler.posting(idempotencyKey: invoices[0].idempotencyKey).found) {
                try await Task.sleep(for: .milliseconds(20))
            }
            sender.cancel()
            _ = await sender.result
            // The next run settles the last record: the agent is still writing it, so the lookup
            // waits for the answer instead of reporting "not found" (which would resend it).
            let last = try await settler.posting(idempotencyKey: invoices[5].idempotencyKey)
            #expect(last.found && last.sageKey != nil)
            #expect(!last.inProgress)
            #expect(simulator.stats().duplicates == 0)
        }
    }

    @Test("a wait for an import in progress is bounded: past inProgressMaxWait the lookup says so and nothing is resent")
    func inProgressWaitIsBounded() async throws {
        try await withSimulator(.init(writeLatency: .milliseconds(400), apiKey: Self.apiKey)) { simulator in
            let setup = try client(simulator)
            let invoices = try await Self.invoices(5, tag: "BW", using: setup)
            let sender = Task { [invoices] in
                try await patientClient(simulator, importTimeout: .seconds(30), inProgressMaxWait: .seconds(30))
                    .post(batchID: "SLOW-1", records: invoices)
            }
            let settler = try patientClient(simulator, importTimeout: .seconds(30), inProgressMaxWait: .milliseconds(150))
            // Until the first record is written. Asked while it is being written (400 ms), the
            // bounded wait may run out first and answer "still writing": also "not yet".
            func firstWritten() async throws -> Bool {
                do {
                    return try await settler.posting(idempotencyKey: invoices[0].idempotencyKey).found
                } catch SageAgentError.stillWriting(let key, _) where key == invoices[0].idempotencyKey {
                    return false
                }
            }
            while try await !firstWritten() {
                try await Task.sleep(for: .milliseconds(20))
            }
            do {
                let lookup = try await settler.posting(idempotencyKey: invoices[4].idempotencyKey)
                Issue.record("expected stillWriting, got \(lookup)")
            } catch let error as SageAgentError {
                guard case .stillWriting(let key, _) = error else { Issue.record("\(error)"); return }
                #expect(key == invoices[4].idempotencyKey)
                #expect("\(error)".contains("nothing was resent"))
            }
            _ = try await sender.value
            #expect(simulator.stats().duplicates == 0)
        }
    }

    @Test("423 module lock: the client waits Retry-After, then posts")
    func moduleLockWaits() async throws {
        try await withSimulator(.init(apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            let invoices = try await Self.invoices(3, tag: "ML", using: agent)
            // Locked for the next import, however long the client takes to send it (Retry-After 1).
            simulator.lockModule(forNextImports: 1)
            let clock = ContinuousClock()
            let start = clock.now
            let outcome = try await agent.post(batchID: "MOD-1", records: invoices)
            #expect(outcome.moduleLockWaits == 1)
            #expect(outcome.counts.posted == 3)
            #expect(clock.now - start >= .seconds(1), "the client waited the Retry-After before sending again")
            #expect(simulator.stats().moduleLocks == 1)
            #expect(try simulator.postings().count == 3)
        }
    }

    @Test("a rejected record names the field and leaves the rest posted")
    func rejectionNamesField() async throws {
        try await withSimulator(.init(apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            var invoices = try await Self.invoices(3, tag: "RJ", using: agent)
            invoices[1].record.vendorNo = "NOSUCH1"
            let outcome = try await agent.post(batchID: "REJ-1", records: invoices)
            #expect(outcome.records.map(\.status) == [.posted, .rejected, .posted])
            let messages = try #require(outcome[invoices[1].idempotencyKey]?.messages)
            #expect(messages.contains { $0.field == "VendorNo" })
            #expect(try simulator.postings().count == 2)
        }
    }

    @Test("eBusiness relay passes the SOAP answer and faults through as bytes")
    func ebusinessRelay() async throws {
        try await withSimulator(.init(apiKey: Self.apiKey)) { simulator in
            let agent = try client(simulator)
            let builder = EBusinessEnvelopeBuilder(configuration: try EBusinessConfiguration(
                endpointURL: simulator.baseURL, companyCode: "ABC", username: simulator.configuration.ebusinessUsername))
            let envelope = try builder.getContractInformation()
            let good = try await agent.ebusiness(envelope: envelope.withPassword(Secret(simulator.configuration.ebusinessPassword)),
                                                soapAction: envelope.soapAction)
            #expect(String(decoding: good, as: UTF8.self).contains("GetContractInformationResult"))
            let fault = try await agent.ebusiness(envelope: envelope.withPassword(Secret("not-the-password")))
            #expect(String(decoding: fault, as: UTF8.self).contains("Logon failure"))
        }
    }

    // MARK: - Fixtures

    /// AP invoices that pass the simulator's checks: real vendors and active accounts read
    /// through the client, amounts as exact decimals.
    static func invoices(_ count: Int, tag: String,
                         using agent: SageAgentClient) async throws -> [(idempotencyKey: String, record: APInvoice)] {
        let vendors = try await agent.vendors().filter { !$0.termsCode.isEmpty }
        let accounts = try await agent.glAccounts().filter { $0.status == .active }
        try #require(!vendors.isEmpty && !accounts.isEmpty)
        let date = try SageDate(year: 2026, month: 11, day: 28)
        return (0..<count).map { i in
            let vendor = vendors[i % vendors.count]
            let account = accounts[i % accounts.count]
            let cents = Decimal(10_000 + i * 137) / 100  // exact: integer cents / 100
            let invoice = APInvoice(apDivisionNo: vendor.apDivisionNo, vendorNo: vendor.vendorNo,
                                    invoiceNo: "\(tag)\(String(format: "%05d", i))", invoiceDate: date,
                                    termsCode: vendor.termsCode, invoiceAmt: cents,
                                    lines: [APInvoiceLine(accountKey: account.accountKey, distributionAmt: cents)])
            return (idempotencyKey: "test:\(tag):\(i)", record: invoice)
        }
    }
}
