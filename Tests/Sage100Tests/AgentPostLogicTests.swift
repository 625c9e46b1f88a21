import HTTP
import Synchronization
import Testing
@testable import Sage100

/// The client's retry and settlement rules against an in-memory agent (fast, no sockets).
/// The same rules are exercised over loopback against the simulator in AgentSimulatorTests.
@Suite("Agent post logic")
struct AgentPostLogicTests {
    func client(_ transport: AgentFakeTransport, sleeper: AgentSleepRecorder,
                config: SageAgentConfiguration? = nil) throws -> SageAgentClient {
        SageAgentClient(configuration: try config ?? AgentTestFixtures.configuration(), httpClient: transport,
                        writerLocks: SageCompanyWriterLocks(), random: AgentSeededRandom(seed: 1),
                        sleep: sleeper.sleep)
    }

    @Test("only locked records are resent, after a jittered wait within the policy's ceiling")
    func lockedOnlyResent() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.lockCounts = ["k2": 1, "k4": 2] }
        let sleeper = AgentSleepRecorder()
        let outcome = try await client(transport, sleeper: sleeper).post(kind: .apInvoices, batchID: "B1",
                                                                          records: AgentTestFixtures.records(5))
        let requests = transport.snapshot.importRequests
        #expect(requests == [["k1", "k2", "k3", "k4", "k5"], ["k2", "k4"], ["k4"]])
        #expect(outcome.records.map(\.status) == Array(repeating: .posted, count: 5))
        #expect(outcome["k4"]?.attempts == 3)
        #expect(outcome["k1"]?.attempts == 1)
        #expect(outcome.lockRetries == 3)
        #expect(outcome.attempts == 3)
        let waits = sleeper.recorded
        #expect(waits.count == 2)
        #expect(waits[0] <= .milliseconds(100) && waits[1] <= .milliseconds(200))
        #expect(Set(transport.snapshot.posted.keys) == ["k1", "k2", "k3", "k4", "k5"])
    }

    @Test("a locked record waits its backoff while the others flow, then goes out in the next chunk, ahead of records not yet sent")
    func lockedRetryInterleaves() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.lockCounts = ["k1": 1] }
        // A backoff of at most a nanosecond is due by the next chunk: k1 leads it, so a record
        // locked again and again works through its waits while the batch still flows.
        let quick = try AgentTestFixtures.configuration(
            backoff: SageAgentBackoffPolicy(base: .nanoseconds(1), cap: .nanoseconds(1), maxAttempts: 5), chunk: 2)
        let sleeper = AgentSleepRecorder()
        let outcome = try await client(transport, sleeper: sleeper, config: quick)
            .post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(5))
        #expect(transport.snapshot.importRequests == [["k1", "k2"], ["k1", "k3"], ["k4", "k5"]])
        #expect(sleeper.recorded.isEmpty, "the client never waited: there was always something to send")
        #expect(outcome.records.allSatisfy { $0.status == .posted })
        #expect(outcome.lockRetries == 1)

        // A backoff longer than the batch: the others all go first, then one wait, then k1.
        let slowTransport = AgentFakeTransport()
        slowTransport.update { $0.lockCounts = ["k1": 1] }
        let slow = try AgentTestFixtures.configuration(
            backoff: SageAgentBackoffPolicy(base: .seconds(3600), cap: .seconds(3600), maxAttempts: 5), chunk: 2)
        let slowSleeper = AgentSleepRecorder()
        _ = try await client(slowTransport, sleeper: slowSleeper, config: slow)
            .post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(5))
        #expect(slowTransport.snapshot.importRequests == [["k1", "k2"], ["k3", "k4"], ["k5"], ["k1"]])
        #expect(slowSleeper.recorded.count == 1)
    }

    @Test("a record still locked after maxAttempts is reported locked, not dropped")
    func lockedAfterMaxAttempts() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.lockCounts = ["k1": 99] }
        let sleeper = AgentSleepRecorder()
        let outcome = try await client(transport, sleeper: sleeper).post(kind: .apInvoices, batchID: "B1",
                                                                          records: AgentTestFixtures.records(2))
        #expect(outcome["k1"]?.status == .locked)
        #expect(outcome["k1"]?.attempts == 5)
        #expect(outcome["k1"]?.messages.first?.message == "Record/file busy")
        #expect(outcome["k2"]?.status == .posted)
        #expect(transport.snapshot.importRequests.count == 5)
        #expect(sleeper.recorded.count == 4)
        #expect(!outcome.allInSage)
        #expect(outcome.needsAttention.map(\.idempotencyKey) == ["k1"])
    }

    @Test("a dropped answer after commit is settled as posted and never resent")
    func droppedAfterCommitSettled() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.dropAfterCommit = 1 }
        let sleeper = AgentSleepRecorder()
        let outcome = try await client(transport, sleeper: sleeper).post(kind: .apInvoices, batchID: "B1",
                                                                          records: AgentTestFixtures.records(3))
        #expect(transport.snapshot.importRequests.count == 1)
        #expect(transport.snapshot.lookups == ["k1", "k2", "k3"])
        #expect(outcome.records.allSatisfy { $0.status == .posted && $0.settledByLookup })
        #expect(outcome["k2"]?.sageKey == "00-V-k2")
        #expect(outcome.settled == 3)
    }

    @Test("a timeout before commit is settled as not found, then resent once")
    func timeoutBeforeCommitResent() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.timeoutBeforeCommit = 1 }
        let sleeper = AgentSleepRecorder()
        let events = EventLog()
        let outcome = try await client(transport, sleeper: sleeper).post(
            kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(2), onEvent: events.record)
        let state = transport.snapshot
        #expect(state.importRequests == [["k1", "k2"], ["k1", "k2"]])
        #expect(state.lookups == ["k1", "k2"])  // settled BEFORE the resend
        #expect(outcome.records.map(\.status) == [.posted, .posted])
        #expect(outcome["k1"]?.attempts == 2)
        #expect(outcome.settled == 2)
        #expect(events.names.contains("outcomeUnknown"))
        #expect(events.names.filter { $0 == "settled" }.count == 2)
    }

    @Test("a failed settlement leaves the record uncertain and sends nothing more")
    func failedSettlementUncertain() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.timeoutBeforeCommit = 1; $0.failLookups = 100 }
        let sleeper = AgentSleepRecorder()
        do {
            _ = try await client(transport, sleeper: sleeper).post(kind: .apInvoices, batchID: "B1",
                                                                    records: AgentTestFixtures.records(2))
            Issue.record("post succeeded although nothing could be settled")
        } catch let error as SageAgentError {
            let partial = try #require(error.partialOutcome)
            #expect(partial.records.map(\.status) == [.uncertain, .uncertain])
            if case .transport(let cause) = error.cause { #expect(cause.outcomeUnknown) } else {
                Issue.record("cause \(error.cause)")
            }
        }
        #expect(transport.snapshot.importRequests.count == 1)
    }

    @Test("423 waits for Retry-After, then posts")
    func moduleLockWaits() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.moduleLocks = 2; $0.retryAfter = "3" }
        let sleeper = AgentSleepRecorder()
        let outcome = try await client(transport, sleeper: sleeper).post(kind: .apInvoices, batchID: "B1",
                                                                          records: AgentTestFixtures.records(2))
        #expect(sleeper.recorded == [.seconds(3), .seconds(3)])
        #expect(outcome.moduleLockWaits == 2)
        #expect(outcome.records.map(\.status) == [.posted, .posted])
        #expect(outcome["k1"]?.attempts == 1)  // a 423 writes nothing and is not counted against the record
    }

    @Test("a module lock longer than the allowed wait fails with moduleLocked, nothing written")
    func moduleLockTimeout() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.moduleLocks = 100; $0.retryAfter = "30" }
        let sleeper = AgentSleepRecorder()
        let config = try AgentTestFixtures.configuration(moduleLockMaxWait: .seconds(70))
        do {
            _ = try await client(transport, sleeper: sleeper, config: config).post(
                kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(2))
            Issue.record("post succeeded through a permanent module lock")
        } catch let error as SageAgentError {
            guard case .moduleLocked(let waited, let limit, let message) = error else {
                Issue.record("expected moduleLocked, got \(error)"); return
            }
            #expect(waited == .seconds(70))
            #expect(limit == .seconds(70))
            #expect(message.contains("Period End"))
        }
        #expect(sleeper.recorded == [.seconds(30), .seconds(30), .seconds(10)])
        #expect(transport.snapshot.posted.isEmpty)
    }

    @Test("wrong API key: unauthorized before anything is written")
    func unauthorized() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.forcedStatus = 401 }
        let sleeper = AgentSleepRecorder()
        let client = try client(transport, sleeper: sleeper)
        await #expect {
            _ = try await client.post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(1))
        } throws: { error in
            guard case SageAgentError.unauthorized(401, _)? = error as? SageAgentError else { return false }
            return "\(error)".contains("API key") && !"\(error)".contains("k-123-secret")
        }
        #expect(transport.snapshot.authorizations.first == "Bearer k-123-secret")
    }

    @Test("rejected and duplicate answers are final; the second post of a batch is all duplicates")
    func rejectedAndDuplicate() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.reject = ["k2"] }
        let sleeper = AgentSleepRecorder()
        let client = try client(transport, sleeper: sleeper)
        let first = try await client.post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(3))
        #expect(first.records.map(\.status) == [.posted, .rejected, .posted])
        #expect(first["k2"]?.messages == [RecordMessage(field: "VendorNo", message: "The VendorNo is invalid.")])
        transport.update { $0.reject = [] }
        let second = try await client.post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(3))
        #expect(second.records.map(\.status) == [.duplicate, .posted, .duplicate])
        #expect(second["k1"]?.sageKey == first["k1"]?.sageKey)
    }

    @Test("one writer per company: concurrent posts to one company never overlap; other companies do")
    func oneWriterPerCompany() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.importDelay = .milliseconds(30) }
        let locks = SageCompanyWriterLocks()
        func makeClient(_ company: String) throws -> SageAgentClient {
            let config = try SageAgentConfiguration(baseURL: "http://127.0.0.1:9", companyCode: company,
                                                    auth: .apiKey(Secret("k")), maxRecordsPerRequest: 1)
            return SageAgentClient(configuration: config, httpClient: transport, writerLocks: locks,
                                   random: AgentSeededRandom(seed: 3), sleep: AgentSleepRecorder().sleep)
        }
        let a = try makeClient("ABC"), b = try makeClient("ABC")
        async let first = a.post(kind: .apInvoices, batchID: "A", records: AgentTestFixtures.records(3, prefix: "a"))
        async let second = b.post(kind: .apInvoices, batchID: "B", records: AgentTestFixtures.records(3, prefix: "b"))
        let (one, two) = try await (first, second)
        #expect(one.counts.posted == 3 && two.counts.posted == 3)
        #expect(transport.snapshot.peakImportsInFlight == 1)
        // The batches did not interleave: all of one, then all of the other.
        let order = transport.snapshot.importRequests.map { $0[0].prefix(1) }
        #expect(order == ["a", "a", "a", "b", "b", "b"] || order == ["b", "b", "b", "a", "a", "a"])

        let c = try makeClient("XYZ")
        async let third = a.post(kind: .apInvoices, batchID: "C", records: AgentTestFixtures.records(3, prefix: "c"))
        async let fourth = c.post(kind: .apInvoices, batchID: "D", records: AgentTestFixtures.records(3, prefix: "d"))
        _ = try await (third, fourth)
        #expect(transport.snapshot.peakImportsInFlight == 2)
    }

    @Test("cancelling a post mid-request leaves those records uncertain, never silently unsent")
    func cancelledMidRequest() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.importDelay = .seconds(5) }
        let client = try client(transport, sleeper: AgentSleepRecorder())
        let task = Task { try await client.post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(3)) }
        while transport.snapshot.importsInFlight == 0 { try await Task.sleep(for: .milliseconds(2)) }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("a cancelled post returned normally")
        } catch let error as SageAgentError {
            let partial = try #require(error.partialOutcome, "\(error)")
            #expect(partial.records.map(\.status) == [.uncertain, .uncertain, .uncertain])
            guard case .transport(.cancelled) = error.cause else { Issue.record("cause \(error.cause)"); return }
        }
    }

    @Test("progress events count up to the batch size")
    func progressEvents() async throws {
        let transport = AgentFakeTransport()
        transport.update { $0.lockCounts = ["k3": 1]; $0.reject = ["k4"] }
        let events = EventLog()
        let client = try client(transport, sleeper: AgentSleepRecorder(), config: AgentTestFixtures.configuration(chunk: 2))
        _ = try await client.post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(5), onEvent: events.record)
        let progress = events.all.compactMap { event -> SagePostProgress? in
            if case .progress(let p) = event { return p } else { return nil }
        }
        #expect(progress.map(\.done) == progress.map(\.done).sorted())
        #expect(progress.last == SagePostProgress(total: 5, posted: 4, duplicate: 0, rejected: 1, pending: 0))
        #expect(events.names.filter { $0 == "sending" }.count == 4)  // 3 chunks + 1 retry
        #expect(events.names.contains("backingOff"))
        let finished = events.all.flatMap { event -> [SagePostRecordOutcome] in
            if case .finished(let records) = event { return records } else { return [] }
        }
        #expect(finished.map(\.idempotencyKey).sorted() == ["k1", "k2", "k3", "k4", "k5"])
        #expect(finished.first { $0.idempotencyKey == "k4" }?.status == .rejected)
    }

    @Test("a big batch goes in chunks; repeated or empty keys are refused before sending")
    func chunkingAndInputChecks() async throws {
        let transport = AgentFakeTransport()
        let sleeper = AgentSleepRecorder()
        let client = try client(transport, sleeper: sleeper, config: AgentTestFixtures.configuration(chunk: 4))
        let outcome = try await client.post(kind: .apInvoices, batchID: "B1", records: AgentTestFixtures.records(10))
        #expect(transport.snapshot.importRequests.map(\.count) == [4, 4, 2])
        #expect(outcome.counts.posted == 10)
        var twice = AgentTestFixtures.records(2)
        twice.append(twice[0])
        await #expect(throws: SageAgentError.self) {
            _ = try await client.post(kind: .apInvoices, batchID: "B2", records: twice)
        }
        await #expect(throws: SageAgentError.self) {
            _ = try await client.post(kind: .apInvoices, batchID: "",
                                      records: AgentTestFixtures.records(1))
        }
        #expect(transport.snapshot.importRequests.count == 3)
    }
}

final class EventLog: Sendable {
    private let events = Mutex<[SageAgentEvent]>([])
    var record: @Sendable (SageAgentEvent) -> Void { { [self] e in events.withLock { $0.append(e) } } }
    var all: [SageAgentEvent] { events.withLock { $0 } }
    var names: [String] {
        all.map { event in
            switch event {
            case .waitingForWriter: return "waitingForWriter"
            case .sending: return "sending"
            case .progress: return "progress"
            case .backingOff: return "backingOff"
            case .moduleLocked: return "moduleLocked"
            case .outcomeUnknown: return "outcomeUnknown"
            case .settled: return "settled"
            case .finished: return "finished"
            }
        }
    }
}
