import Foundation
import HTTP

extension SageAgentClient {
    /// Posts Sage models of one kind; each becomes an import record under its idempotency key.
    /// See ``post(kind:batchID:records:onEvent:)`` for the retry and settlement rules.
    public func post<Record: Encodable>(
        kind: SageDocumentKind, batchID: String, records: [(idempotencyKey: String, record: Record)],
        onEvent: (@Sendable (SageAgentEvent) -> Void)? = nil
    ) async throws -> SagePostOutcome {
        var wire: [ImportRecord] = []
        wire.reserveCapacity(records.count)
        for (key, record) in records {
            do {
                wire.append(try ImportRecord(idempotencyKey: key, encoding: record))
            } catch {
                throw SageAgentError.invalidInput("record '\(key)' cannot be encoded as JSON: \(error)")
            }
        }
        return try await post(kind: kind, batchID: batchID, records: wire, onEvent: onEvent)
    }

    /// Posts Sage models; the kind is the model's (``SageRecord/kind``).
    public func post<Record: SageRecord>(
        batchID: String, records: [(idempotencyKey: String, record: Record)],
        onEvent: (@Sendable (SageAgentEvent) -> Void)? = nil
    ) async throws -> SagePostOutcome {
        try await post(kind: Record.kind, batchID: batchID, records: records, onEvent: onEvent)
    }

    /// Posts one batch of records of `kind` and returns every record's final status.
    ///
    /// - Holds the company's writer lock for the whole post (one writer per company).
    /// - Sends in chunks of ``SageAgentConfiguration/maxRecordsPerRequest``.
    /// - Records answered `locked` (and only those) are resent after a capped, fully jittered
    ///   exponential backoff, at most ``SageAgentBackoffPolicy/maxAttempts`` sends in all; past
    ///   that they are reported `locked`.
    /// - `423 Locked` (the whole module busy) waits for `Retry-After`, up to
    ///   ``SageAgentConfiguration/moduleLockMaxWait`` in total.
    /// - A lost answer (timeout, dropped connection, 5xx) makes the request's records uncertain.
    ///   Each is settled with `GET …/postings?idempotency_key=` before anything is sent again:
    ///   found means posted (with its Sage key), not found means it is resent.
    ///
    /// - Throws: ``SageAgentError``. When the agent answered nothing about any record (e.g. a
    ///   wrong API key), the plain cause: nothing was written. When the post stopped part-way,
    ///   ``SageAgentError/interrupted(cause:partial:)`` with every record's status at that point.
    public func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
                     onEvent: (@Sendable (SageAgentEvent) -> Void)? = nil) async throws -> SagePostOutcome {
        try Self.validate(batchID: batchID, records: records)
        let clock = ContinuousClock()
        let start = clock.now
        guard !records.isEmpty else { return SagePostOutcome(kind: kind, batchID: batchID, records: []) }
        if await writerLocks.isHeld(configuration.writerKey) {
            onEvent?(.waitingForWriter(company: configuration.companyCode))
        }
        return try await writerLocks.withLock(for: configuration.writerKey) {
            var run = SageAgentPostRun(kind: kind, batchID: batchID, records: records, onEvent: onEvent)
            do {
                try await execute(&run)
            } catch {
                let agentError = (error as? SageAgentError)
                    ?? (error is CancellationError ? .transport(.cancelled(url: configuration.baseURL))
                        : .invalidResponse(request: "POST imports/\(kind.rawValue)", detail: "\(error)"))
                run.stop()
                run.outcome.elapsed = clock.now - start
                if run.nothingAnswered { throw agentError }
                throw SageAgentError.interrupted(cause: agentError, partial: run.finishedOutcome())
            }
            run.outcome.elapsed = clock.now - start
            return run.finishedOutcome()
        }
    }

    static func validate(batchID: String, records: [ImportRecord]) throws {
        guard !batchID.isEmpty, batchID.count <= 64 else {
            throw SageAgentError.invalidInput("batch id '\(batchID.prefix(70))' must be 1 to 64 characters")
        }
        var seen = Set<String>()
        for (index, record) in records.enumerated() {
            guard !record.idempotencyKey.isEmpty else {
                throw SageAgentError.invalidInput("record \(index + 1) of batch \(batchID) has an empty idempotency key")
            }
            guard seen.insert(record.idempotencyKey).inserted else {
                throw SageAgentError.invalidInput(
                    "idempotency key '\(record.idempotencyKey)' appears twice in batch \(batchID); each record needs its own")
            }
        }
    }

    /// The send loop. Records go out in chunks in batch order; a record answered `locked`
    /// waits its own backoff (capped, fully jittered, growing with its attempts) while the
    /// agent keeps writing the others, and once its wait is over it goes out in the next
    /// chunk, ahead of the records not yet sent. Retrying as soon as the wait is over lets a
    /// record locked several times in a row work through its growing waits while the rest of
    /// the batch still flows, instead of starting them only after the last new record, when
    /// the agent would sit idle through every one. Only when nothing else is left to send
    /// does the loop sleep, until the earliest retry is due. One request at a time: the
    /// company has one writer.
    private func execute(_ run: inout SageAgentPostRun) async throws {
        let policy = configuration.lockBackoff
        let clock = ContinuousClock()
        var ready = run.order[...]
        var waiting: [(due: ContinuousClock.Instant, key: String)] = []
        func release(through instant: ContinuousClock.Instant) {
            let due = waiting.filter { $0.due <= instant }
            guard !due.isEmpty else { return }
            waiting.removeAll { $0.due <= instant }
            ready = ArraySlice(due.sorted { $0.due < $1.due }.map(\.key) + ready)
        }
        while !ready.isEmpty || !waiting.isEmpty {
            release(through: clock.now)
            if ready.isEmpty, let next = waiting.min(by: { $0.due < $1.due }) {
                // Nothing else to send: the agent would idle anyway.
                try await pause(max(.zero, next.due - clock.now))
                release(through: max(next.due, clock.now))
                continue
            }
            let chunk = Array(ready.prefix(configuration.maxRecordsPerRequest))
            ready = ready.dropFirst(chunk.count)
            let round = chunk.map { run.state[$0]!.attempts }.max() ?? 0
            var locked: [String] = []
            let resend = try await sendChunk(chunk, round: round, run: &run, locked: &locked)
            if !resend.isEmpty { ready = ArraySlice(resend + ready) }
            // Records locked on the same attempt wait the same drawn delay.
            let retryable = locked.filter { policy.allowsAnotherAttempt(after: run.state[$0]!.attempts) }
            for (attempts, keys) in Dictionary(grouping: retryable, by: { run.state[$0]!.attempts }).sorted(by: { $0.key < $1.key }) {
                let retry = attempts  // the n-th retry follows the n-th attempt
                let delay = backoffDelay(forRetry: retry - 1)
                run.outcome.lockRetries += keys.count
                run.onEvent?(.backingOff(records: keys.count, retry: retry, delay: delay))
                logger.info("Sage records locked, retrying", metadata: [
                    "company": "\(configuration.companyCode)", "batch": "\(run.batchID)",
                    "records": "\(keys.count)", "retry": "\(retry)", "delay": "\(delay)"])
                let due = clock.now + delay
                waiting += keys.map { (due, $0) }
            }
        }
    }

    /// Sends one chunk and records its answers. Returns the keys to send again right away
    /// (the whole chunk after a module lock; the records a lost answer did not write).
    private func sendChunk(_ keys: [String], round: Int, run: inout SageAgentPostRun,
                           locked: inout [String]) async throws -> [String] {
        let body: Data
        do {
            body = try AgentWire.makeEncoder().encode(
                ImportRequest(batchID: run.batchID, records: keys.map { run.records[$0]! }))
        } catch {
            throw SageAgentError.invalidInput("batch \(run.batchID) cannot be encoded as JSON: \(error)")
        }
        for key in keys { run.state[key]!.attempts += 1 }
        run.outcome.attempts += 1
        run.onEvent?(.sending(kind: run.kind, records: keys.count, round: round))
        let url = "\(configuration.companyURL)/imports/\(run.kind.rawValue)"
        let request = makeRequest(.post, url: url, body: body, timeout: configuration.importTimeout)

        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as HTTPError {
            if case .cancelled = error {
                // Cancelled mid-transfer: the agent may have acted, and there is no time to ask.
                for key in keys {
                    run.finish(key, .uncertain, sageKey: nil,
                               messages: [RecordMessage(field: nil, message: "post cancelled while the request was in flight")])
                }
                throw SageAgentError.transport(error)
            }
            guard error.outcomeUnknown else { throw SageAgentError.transport(error) }
            return try await settleLost(keys, reason: "\(error)", cause: .transport(error), run: &run)
        } catch is CancellationError {
            for key in keys {
                run.finish(key, .uncertain, sageKey: nil,
                           messages: [RecordMessage(field: nil, message: "post cancelled while the request was in flight")])
            }
            throw SageAgentError.transport(.cancelled(url: url))
        } catch {
            // Any other failure of the transport: whether the agent acted is unknown.
            let cause = HTTPError.transport(url: url, code: -1, reason: "\(error)")
            return try await settleLost(keys, reason: "\(error)", cause: .transport(cause), run: &run)
        }

        switch response.status {
        case 200...299:
            run.consecutiveLost = 0
            let decoded: ImportResponse
            do {
                decoded = try AgentWire.makeDecoder().decode(ImportResponse.self, from: response.body)
            } catch {
                // The agent acted but its answer is unreadable: treat as lost and settle.
                let detail = Self.describe(decodingError: error)
                return try await settleLost(keys, reason: "unreadable answer: \(detail)",
                                            cause: .invalidResponse(request: "POST imports/\(run.kind.rawValue)", detail: detail),
                                            run: &run)
            }
            var answered = Set<String>()
            for result in decoded.results {
                guard keys.contains(result.idempotencyKey), answered.insert(result.idempotencyKey).inserted else { continue }
                switch result.status {
                case .posted:
                    run.finish(result.idempotencyKey, .posted, sageKey: result.sageKey, messages: result.messages)
                case .duplicate:
                    run.finish(result.idempotencyKey, .duplicate, sageKey: result.sageKey, messages: result.messages)
                case .rejected:
                    run.finish(result.idempotencyKey, .rejected, sageKey: nil, messages: result.messages)
                case .locked:
                    run.state[result.idempotencyKey]!.messages = result.messages
                    run.state[result.idempotencyKey]!.lastAnswer = .locked
                    locked.append(result.idempotencyKey)
                }
            }
            run.reportProgress(pendingExtra: 0)
            let missing = keys.filter { !answered.contains($0) }
            if missing.isEmpty { return [] }
            // A record the agent did not answer for is as good as lost: settle it.
            return try await settleLost(missing, reason: "the agent's answer left these records out",
                                        cause: .invalidResponse(request: "POST imports/\(run.kind.rawValue)",
                                                                detail: "\(missing.count) records missing from results"),
                                        run: &run)
        case 423:
            for key in keys { run.state[key]!.attempts -= 1 }  // nothing was written or tried
            try await waitOutModuleLock(response, run: &run)
            return keys
        case 500...599:
            let message = error(for: response, request: "POST imports/\(run.kind.rawValue)")
            return try await settleLost(keys, reason: "HTTP \(response.status)", cause: message, run: &run)
        default:
            throw error(for: response, request: "POST imports/\(run.kind.rawValue)")
        }
    }

    /// Waits out a 423 for `Retry-After` (bounded by what is left of the module-lock budget).
    private func waitOutModuleLock(_ response: HTTPResponse, run: inout SageAgentPostRun) async throws {
        let limit = configuration.moduleLockMaxWait
        let message = error(for: response, request: "POST imports/\(run.kind.rawValue)")
        let text: String
        if case .moduleLocked(_, _, let m) = message { text = m } else { text = "\(message)" }
        let remaining = limit - run.moduleLockWaited
        guard remaining > .zero else {
            throw SageAgentError.moduleLocked(waited: run.moduleLockWaited, limit: limit, message: text)
        }
        let asked = Self.retryAfter(response.headers["Retry-After"]) ?? .seconds(5)
        let delay = min(max(asked, .milliseconds(50)), remaining)
        run.outcome.moduleLockWaits += 1
        run.onEvent?(.moduleLocked(delay: delay, waitedSoFar: run.moduleLockWaited))
        logger.info("Sage module locked, waiting", metadata: [
            "company": "\(configuration.companyCode)", "retry_after": "\(delay)", "message": "\(text)"])
        try await pause(delay)
        run.moduleLockWaited += delay
    }

    /// Settles records whose answer was lost. Found ones are final (`posted`, settled); the
    /// rest are returned to be resent. Lost answers in a row beyond a small bound stop the post
    /// with `cause`; a settlement lookup that cannot be made marks the record `uncertain` and
    /// stops the post (nothing more is sent while the agent cannot be asked).
    private func settleLost(_ keys: [String], reason: String, cause: SageAgentError,
                            run: inout SageAgentPostRun) async throws -> [String] {
        run.consecutiveLost += 1
        run.onEvent?(.outcomeUnknown(records: keys.count, reason: reason))
        logger.warning("Sage import answer lost, settling through /postings", metadata: [
            "company": "\(configuration.companyCode)", "batch": "\(run.batchID)",
            "records": "\(keys.count)", "reason": "\(reason)"])
        var resend: [String] = []
        for key in keys {
            let found: PostingLookup
            do {
                found = try await lookUpPosting(key)
            } catch {
                let error = (error as? SageAgentError) ?? .transport(.cancelled(url: configuration.baseURL))
                run.finish(key, .uncertain, sageKey: nil,
                           messages: [RecordMessage(field: nil, message: "answer lost (\(reason)); settlement lookup failed: \(error)")])
                for other in keys where run.state[other]!.final == nil && other != key {
                    run.finish(other, .uncertain, sageKey: nil,
                               messages: [RecordMessage(field: nil, message: "answer lost (\(reason)); not yet settled")])
                }
                throw error
            }
            run.outcome.settled += 1
            run.state[key]!.settledByLookup = true
            run.onEvent?(.settled(idempotencyKey: key, found: found.found, sageKey: found.sageKey))
            if found.found {
                run.finish(key, .posted, sageKey: found.sageKey, messages: [])
            } else if configuration.lockBackoff.allowsAnotherAttempt(after: run.state[key]!.attempts) {
                run.state[key]!.lastAnswer = .notSent
                resend.append(key)
            } else {
                run.finish(key, .notSent, sageKey: nil,
                           messages: [RecordMessage(field: nil, message: "answer lost \(run.state[key]!.attempts) times (\(reason)); not in Sage")])
            }
        }
        run.reportProgress(pendingExtra: resend.count)
        if run.consecutiveLost >= SageAgentPostRun.maxConsecutiveLost {
            throw cause
        }
        if !resend.isEmpty {
            try await pause(backoffDelay(forRetry: run.consecutiveLost - 1))
        }
        return resend
    }

    /// `GET …/postings?idempotency_key=` until the answer is final: while the agent says an
    /// import holding the key is still being written, it is asked again (backing off, for at
    /// most ``SageAgentConfiguration/inProgressMaxWait``), so a record is never resent while an earlier request may
    /// still write it.
    func lookUpPosting(_ key: String) async throws -> PostingLookup {
        let clock = ContinuousClock()
        let start = clock.now
        var round = 0
        while true {
            let lookup = try await lookUpPostingOnce(key)
            guard lookup.inProgress, !lookup.found else { return lookup }
            let waited = clock.now - start
            guard waited < configuration.inProgressMaxWait else {
                throw SageAgentError.stillWriting(idempotencyKey: key, waited: waited)
            }
            round += 1
            logger.info("Sage agent still writing an import holding this key; asking again", metadata: [
                "company": "\(configuration.companyCode)", "idempotency_key": "\(key)", "round": "\(round)"])
            try await pause(min(max(backoffDelay(forRetry: min(round, 6)), .milliseconds(50)), configuration.inProgressMaxWait - waited))
        }
    }

    /// One `GET …/postings?idempotency_key=`, retried a few times on a lost answer or 5xx.
    private func lookUpPostingOnce(_ key: String) async throws -> PostingLookup {
        let url = Self.url("\(configuration.companyURL)/postings", query: [("idempotency_key", key)])
        var lastError: SageAgentError = .invalidResponse(request: "GET postings", detail: "no attempt made")
        for attempt in 0..<SageAgentPostRun.settlementAttempts {
            if attempt > 0 { try await pause(backoffDelay(forRetry: attempt)) }
            do {
                let response = try await send(.get, url: url)
                if (500...599).contains(response.status) {
                    lastError = error(for: response, request: "GET postings")
                    continue
                }
                let lookup = try decode(PostingLookup.self, from: response, request: "GET postings")
                if lookup.found, let status = lookup.status, status != .posted && status != .duplicate {
                    throw SageAgentError.invalidResponse(request: "GET postings",
                                                         detail: "found with status '\(status.rawValue)'")
                }
                return lookup
            } catch SageAgentError.transport(let error) {
                lastError = .transport(error)
            }
        }
        throw lastError
    }

    /// Returns the public lookup of an idempotency key (for the ledger's own settlement of
    /// records left `uncertain`).
    public func posting(idempotencyKey: String) async throws -> PostingLookup {
        try await lookUpPosting(idempotencyKey)
    }

    private func pause(_ duration: Duration) async throws {
        guard duration > .zero else { return }
        do {
            try await sleeper(duration)
        } catch {
            throw SageAgentError.transport(.cancelled(url: configuration.baseURL))
        }
    }

    /// `Retry-After` as delay-seconds (`"30"`, `"1.5"`) or an HTTP date.
    nonisolated static func retryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")),
           value.allSatisfy({ $0.isNumber || $0 == "." }) {
            let millis = NSDecimalNumber(decimal: seconds * 1000).int64Value
            return .milliseconds(max(0, millis))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        let seconds = max(0, date.timeIntervalSinceNow)
        return .milliseconds(Int64(seconds * 1000))
    }
}
