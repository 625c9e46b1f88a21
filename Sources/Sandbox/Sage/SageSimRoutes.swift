import Foundation
import Hummingbird
import JSON
import NIOCore
import Sage100

/// The agent contract (docs/agent-api.yaml) as Hummingbird routes, plus the /_sandbox test routes.
enum SageSimRoutes {
    static func router(core: SageSimCore, ebusiness: SageSimEBusiness, connections: SageSimConnections) -> Router<SageSimRequestContext> {
        let router = Router(context: SageSimRequestContext.self)
        router.add(middleware: SageSimConnectionMiddleware(connections: connections))
        router.add(middleware: SageSimErrorMiddleware())
        router.add(middleware: SageSimAuthMiddleware(apiKey: core.configuration.apiKey))
        if let hostile = core.configuration.hostile { router.add(middleware: SageSimHostileMiddleware(hostile: hostile)) }

        router.get("/v1/status") { _, _ in
            let config = core.configuration
            return try SageSimHTTP.json(AgentStatus(
                agentVersion: SageSimCore.agentVersion, boiVersion: SageSimCore.boiVersion,
                companies: [AgentCompany(code: config.company, name: config.companyName, modules: ["A/P", "P/O", "G/L", "A/R", "S/O"])],
                serverTime: SageSimStamp().iso))
        }

        router.get("/v1/companies/:code/vendors") { request, context in
            try company(context, core)
            return try SageSimHTTP.json(try core.referencePage(
                SageSimSchema.vendor, since: try SageSimHTTP.since(request, name: "updated_since"),
                cursor: try cursor(request, parts: 2), limit: try SageSimHTTP.limit(request)))
        }

        router.get("/v1/companies/:code/gl-accounts") { request, context in
            try company(context, core)
            return try SageSimHTTP.json(try core.referencePage(
                SageSimSchema.glAccount, since: try SageSimHTTP.since(request, name: "updated_since"),
                cursor: try cursor(request, parts: 1), limit: try SageSimHTTP.limit(request)))
        }

        router.get("/v1/companies/:code/account-structure") { _, context in
            try company(context, core)
            return try SageSimHTTP.json(accountStructure(SageSimSeed.mask))
        }

        router.post("/v1/companies/:code/imports/:kind") { request, context in
            try company(context, core)
            let kindText = context.parameters.get("kind") ?? ""
            guard let kind = SageDocumentKind(rawValue: kindText) else {
                throw SageSimFailure(status: .notFound, code: .notFound, message: "Unknown document kind '\(kindText)'.",
                                     hint: "Use one of: " + SageDocumentKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            try moduleLockCheck(core, kind: kind)
            let body = try await SageSimHTTP.body(request, limit: core.configuration.maxBodyBytes)
            let importRequest = try decodeImport(body)
            let keys = importRequest.records.map(\.idempotencyKey)
            core.beginImport(keys)
            defer { core.endImport(keys) }
            let results: [RecordResult] = try await core.writerLock.withLock {
                try moduleLockCheck(core, kind: kind)  // it may have locked while this import waited
                var results: [RecordResult] = []
                for record in importRequest.records {
                    results.append(try await core.process(kind: kind, record: record, batchID: importRequest.batchID))
                }
                return results
            }
            core.count { $0.imports += 1 }
            let response = ImportResponse(batchID: importRequest.batchID, kind: kind.rawValue, results: results)
            if core.takeDrop() { return droppedAfterCommit(response, channel: context.channel) }
            return try SageSimHTTP.json(response)
        }

        router.get("/v1/companies/:code/postings") { request, context in
            try company(context, core)
            guard let key = request.uri.queryParameters.get("idempotency_key"), !key.isEmpty else {
                throw SageSimFailure.malformed("The idempotency_key query parameter is missing.",
                                               hint: "Call /postings?idempotency_key=<key of the record>.")
            }
            return try SageSimHTTP.json(try core.lookup(idempotencyKey: key))
        }

        for kind in [SageDocumentKind.apInvoices, .purchaseOrders, .purchaseOrderChanges, .glEntries, .manualChecks] {
            router.get("/v1/companies/:code/\(kind.rawValue)") { request, context in
                try company(context, core)
                let batch = request.uri.queryParameters.get("batch").flatMap { $0.isEmpty ? nil : String($0) }
                let after = try cursor(request, parts: 1).map { parts -> Int64 in Int64(parts[0]) ?? 0 }
                return try SageSimHTTP.json(try core.documentPage(
                    kind: kind, batch: batch, since: try SageSimHTTP.since(request, name: "since"),
                    afterSeq: after, limit: try SageSimHTTP.limit(request)))
            }
        }

        router.get("/v1/companies/:code/job-documents") { request, context in
            try company(context, core)
            guard let job = request.uri.queryParameters.get("job"), !job.isEmpty else {
                throw SageSimFailure.malformed("The job query parameter is missing.",
                                               hint: "Call /job-documents?job=<JobNo>; one job per read.")
            }
            return try SageSimHTTP.json(try core.jobDocumentPage(
                job: String(job), after: try cursor(request, parts: 2), limit: try SageSimHTTP.limit(request)))
        }

        router.get("/v1/companies/:code/check-payments") { request, context in
            try company(context, core)
            return try SageSimHTTP.json(try core.checkPaymentPage(
                since: try SageSimHTTP.since(request, name: "updated_since"),
                after: try cursor(request, parts: 3), limit: try SageSimHTTP.limit(request)))
        }

        router.get("/v1/companies/:code/job-costs") { request, context in
            try company(context, core)
            return try SageSimHTTP.json(try core.jobCostPage(
                since: try SageSimHTTP.since(request, name: "updated_since"),
                after: try cursor(request, parts: 1), limit: try SageSimHTTP.limit(request)))
        }

        router.post("/v1/companies/:code/ebusiness") { request, context in
            try company(context, core)
            let body = try await SageSimHTTP.body(request, limit: core.configuration.maxBodyBytes)
            return await ebusiness.respond(body, channel: context.channel)
        }

        // A document keyed in Sage's own data entry (not through the agent): same rules, no posting.
        router.post("/_sandbox/companies/:code/keyed/:kind") { request, context in
            try company(context, core)
            let kindText = context.parameters.get("kind") ?? ""
            guard let kind = SageDocumentKind(rawValue: kindText), kind != .salesOrders else {
                throw SageSimFailure(status: .notFound, code: .notFound, message: "Unknown document kind '\(kindText)'.",
                                     hint: "Use one of: " + SageDocumentKind.allCases.filter { $0 != .salesOrders }.map(\.rawValue).joined(separator: ", ") + ".")
            }
            let body = try await SageSimHTTP.body(request, limit: core.configuration.maxBodyBytes)
            guard let record = try? JSONValue.parse(body), case .object = record else {
                throw SageSimFailure.malformed("The body is not a JSON object with the document's Sage fields.")
            }
            return try SageSimHTTP.json(try await core.keyInSage(kind: kind, record: record))
        }
        // A payroll or Job Cost entry made in Sage (job costs that did not come from Procore).
        router.post("/_sandbox/companies/:code/job-costs") { request, context in
            try company(context, core)
            let body = try await SageSimHTTP.body(request, limit: core.configuration.maxBodyBytes)
            let entry: SageJobCostEntry
            do { entry = try JSONDecoder().decode(SageJobCostEntry.self, from: body) } catch {
                throw SageSimFailure.malformed("The body is not a job cost entry: \(SageSimHTTP.describe(error)).",
                                               hint: "Send {\"JobNo\", \"CostCode\", \"CostType\", \"TransactionDate\": \"YYYYMMDD\", \"SourceJournal\": \"PR\"|\"JC\", \"TransactionAmt\"}.")
            }
            return try SageSimHTTP.json(["cost_key": try await core.keyJobCost(entry)])
        }
        router.get("/_sandbox/stats") { _, _ in try SageSimHTTP.json(core.stats) }
        router.get("/_sandbox/postings") { _, _ in try SageSimHTTP.json(try core.postings()) }
        return router
    }

    // MARK: - Helpers

    static func company(_ context: SageSimRequestContext, _ core: SageSimCore) throws {
        let code = context.parameters.get("code") ?? ""
        guard code.uppercased() == core.configuration.company.uppercased() else {
            throw SageSimFailure(status: .notFound, code: .companyNotFound,
                                 message: "Company '\(code)' is not served by this agent.",
                                 hint: "This agent serves company \(core.configuration.company); check the company code in the configuration.")
        }
    }

    static func cursor(_ request: Request, parts: Int) throws -> [String]? {
        guard let text = request.uri.queryParameters.get("cursor"), !text.isEmpty else { return nil }
        guard let values = SageSimCursor.decode(String(text), parts: parts) else {
            throw SageSimFailure.malformed("The cursor '\(text.prefix(40))' was not issued by this endpoint.",
                                           hint: "Pass back next_cursor exactly as received, or start again without a cursor.")
        }
        return values
    }

    static func moduleLockCheck(_ core: SageSimCore, kind: SageDocumentKind) throws {
        guard let remaining = core.moduleLockRemaining() ?? (core.takeCountedModuleLock() ? .seconds(1) : nil) else { return }
        core.count { $0.moduleLocks += 1 }
        let seconds = max(1, Int((remaining / .seconds(1)).rounded(.up)))
        let module = kind == .glEntries ? "G/L" : kind == .purchaseOrders || kind == .purchaseOrderChanges ? "P/O" : "A/P"
        throw SageSimFailure(status: SageSimHTTP.locked, code: .moduleLocked,
                             message: "The \(module) module is locked by another task (period end processing); nothing was written.",
                             hint: "Retry after \(seconds) seconds.",
                             headers: [.retryAfter: String(seconds)])
    }

    static func decodeImport(_ body: Data) throws -> ImportRequest {
        let request: ImportRequest
        do {
            request = try AgentWire.makeDecoder().decode(ImportRequest.self, from: body)
        } catch {
            throw SageSimFailure.malformed(SageSimHTTP.describe(error),
                                           hint: "The body is {\"batch_id\":\"…\",\"records\":[{\"idempotency_key\":\"…\",\"record\":{…}}]}.")
        }
        guard !request.batchID.isEmpty, request.batchID.count <= 100 else {
            throw SageSimFailure.malformed("batch_id must be 1 to 100 characters (got \(request.batchID.count)).")
        }
        guard !request.records.isEmpty else {
            throw SageSimFailure.malformed("records is empty; an import carries 1 to \(AgentWire.maxRecordsPerImport) records.")
        }
        guard request.records.count <= AgentWire.maxRecordsPerImport else {
            throw SageSimFailure.malformed("records has \(request.records.count) entries; at most \(AgentWire.maxRecordsPerImport) per import.",
                                           hint: "Split the batch into several imports.")
        }
        for (i, record) in request.records.enumerated() {
            guard !record.idempotencyKey.isEmpty, record.idempotencyKey.count <= 200 else {
                throw SageSimFailure.malformed("records[\(i)].idempotency_key must be 1 to 200 characters.")
            }
        }
        return request
    }

    static func accountStructure(_ mask: String) -> AgentAccountStructure {
        var segments: [AgentAccountSegment] = []
        var length = 0, numeric = true
        for ch in mask {
            if ch == "#" || ch == "A" {
                length += 1
                if ch == "A" { numeric = false }
            } else {
                segments.append(AgentAccountSegment(number: segments.count + 1, length: length, numeric: numeric, separator: String(ch)))
                length = 0
                numeric = true
            }
        }
        segments.append(AgentAccountSegment(number: segments.count + 1, length: length, numeric: numeric, separator: nil))
        return AgentAccountStructure(mask: mask, segments: segments)
    }

    /// The test hook of ``SageAgentSimulator/dropConnectionAfterCommit(count:)``: the records
    /// are committed; the answer starts (status line, headers with the full Content-Length,
    /// half the body) and the connection is then closed. The client sees a transfer cut
    /// short: a transport error, never a usable answer, and (having received bytes) libcurl
    /// does not silently resend it the way it may resend a request on a reused connection
    /// that closed before any answer.
    static func droppedAfterCommit(_ response: ImportResponse, channel: any Channel) -> Response {
        let body = (try? AgentWire.makeEncoder().encode(response)) ?? Data("{}".utf8)
        let half = body.prefix(max(1, body.count / 2))
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: ResponseBody(contentLength: body.count) { writer in
                            try await writer.write(ByteBuffer(bytes: half))
                            try? await channel.close()
                        })
    }
}
