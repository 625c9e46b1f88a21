import Foundation

/// The sandbox's mutable state: data, issued tokens, rate-limit windows and counters.
actor ProcoreSandboxState {
    let configuration: ProcoreSandboxConfiguration
    var dataset: ProcoreDataset
    private var tokens: [String: Token] = [:]
    private var windows: [String: ClientWindows] = [:]
    private var failures: SplitMix64
    /// Draws for records created through `POST /_sandbox/create`: the same seed creates the same.
    var creations: SplitMix64
    private var stats = ProcoreSandboxStats()
    private var lastTouch: Int64 = 0
    /// `Idempotency-Token` of each payment created through the API -> its index.
    private var paymentTokens: [String: Int] = [:]

    struct Token: Sendable {
        var clientID: String
        var createdAt: Double
        var expiresAt: Double
        var revoked = false
    }

    private struct Window {
        var start: Double = 0
        var count = 0
    }

    private struct ClientWindows {
        var hourly = Window()
        var spike = Window()
    }

    /// Rate-limit headers of one answer.
    struct RateHeaders: Sendable {
        var limit: Int
        var remaining: Int
        var reset: Int
    }

    /// What to do with an API request after authentication and rate limiting.
    enum Admission: Sendable {
        case unauthorized(String)
        case limited(RateHeaders, retryAfter: Int)
        case unavailable(RateHeaders)
        case admitted(RateHeaders, ProcoreDataset)
    }

    /// Without a configured limit, windows still count against this nominal hourly figure.
    static let nominalHourlyLimit = 1_000_000

    init(configuration: ProcoreSandboxConfiguration) {
        self.configuration = configuration
        self.dataset = ProcoreDatasetGenerator(
            seed: configuration.seed, projectCount: configuration.projects,
            recordsPerProject: configuration.recordsPerProject, forbidProjects: configuration.forbidProjects,
            companyID: configuration.companyID).generate()
        self.failures = SplitMix64(seed: SplitMix64.mix(configuration.seed, 0x503))
        self.creations = SplitMix64(seed: SplitMix64.mix(configuration.seed, 0xC4EA7E))
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    // MARK: stats

    func count(_ endpoint: String) {
        stats.requestsTotal += 1
        stats.requestsByEndpoint[endpoint, default: 0] += 1
    }

    func snapshotStats() -> ProcoreSandboxStats { stats }

    // MARK: tokens

    func issueToken(clientID: String) -> (token: String, createdAt: Int, expiresIn: Int) {
        var rng = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(rng.next() as UInt64, radix: 16).leftPadded(16) }.joined()
        let now = Self.now()
        let ttl = Self.seconds(configuration.tokenTTL)
        tokens[token] = Token(clientID: clientID, createdAt: now, expiresAt: now + ttl)
        stats.tokensIssued += 1
        return (token, Int(now), Int(ttl.rounded(.up)))
    }

    /// The live token, or why it is not usable.
    func lookup(_ token: String) -> Result<Token, TokenProblem> {
        guard let t = tokens[token] else { return .failure(.unknown) }
        if t.revoked { return .failure(.revoked) }
        if Self.now() >= t.expiresAt { return .failure(.expired) }
        return .success(t)
    }

    enum TokenProblem: Error { case unknown, revoked, expired
        var description: String {
            switch self {
            case .unknown: return "The access token is invalid"
            case .revoked: return "The access token was revoked"
            case .expired: return "The access token expired"
            }
        }
    }

    func revoke(_ token: String) { tokens[token]?.revoked = true }

    /// Moves every issued token's expiry to now, as if its lifetime had passed.
    func expireAllTokens() {
        let now = Self.now()
        for (key, token) in tokens where token.expiresAt > now { tokens[key]?.expiresAt = now }
    }

    // MARK: admission

    /// Authenticates, applies the rate limits and the random outage of an API request.
    func admit(bearer: String?) -> Admission {
        guard let bearer, !bearer.isEmpty else { return .unauthorized("The access token is invalid") }
        let token: Token
        switch lookup(bearer) {
        case .failure(let problem): return .unauthorized(problem.description)
        case .success(let t): token = t
        }
        let now = Self.now()
        var w = windows[token.clientID] ?? ClientWindows()
        if now >= w.hourly.start + 3600 { w.hourly = Window(start: now, count: 0) }
        if now >= w.spike.start + 10 { w.spike = Window(start: now, count: 0) }
        let hourlyLimit = configuration.hourlyLimit ?? Self.nominalHourlyLimit
        let spikeLimit = configuration.spikeLimit
        if w.hourly.count >= hourlyLimit || (spikeLimit.map { w.spike.count >= $0 } ?? false) {
            windows[token.clientID] = w
            let hourlyOut = w.hourly.count >= hourlyLimit
            let reset = hourlyOut ? w.hourly.start + 3600 : w.spike.start + 10
            let headers = hourlyOut
                ? RateHeaders(limit: hourlyLimit, remaining: 0, reset: Int(reset.rounded(.up)))
                : RateHeaders(limit: spikeLimit!, remaining: 0, reset: Int(reset.rounded(.up)))
            stats.rateLimited += 1
            return .limited(headers, retryAfter: max(1, Int((reset - now).rounded(.up))))
        }
        w.hourly.count += 1
        w.spike.count += 1
        windows[token.clientID] = w
        let headers = Self.headers(w, hourlyLimit: hourlyLimit, spikeLimit: spikeLimit)
        if configuration.failRate > 0 {
            let draw = failures.unit()
            if draw < configuration.failRate {
                stats.unavailable += 1
                return .unavailable(headers)
            }
        }
        return .admitted(headers, dataset)
    }

    /// Headers for the window closer to exhaustion (smaller share remaining).
    private static func headers(_ w: ClientWindows, hourlyLimit: Int, spikeLimit: Int?) -> RateHeaders {
        let hourly = RateHeaders(limit: hourlyLimit, remaining: max(0, hourlyLimit - w.hourly.count),
                                 reset: Int((w.hourly.start + 3600).rounded(.up)))
        guard let spikeLimit else { return hourly }
        let spike = RateHeaders(limit: spikeLimit, remaining: max(0, spikeLimit - w.spike.count),
                                reset: Int((w.spike.start + 10).rounded(.up)))
        // compare remaining/limit without floating point
        return spike.remaining * hourly.limit < hourly.remaining * spike.limit ? spike : hourly
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    // MARK: admin

    /// Now in epoch milliseconds, strictly after every earlier write's stamp.
    func nextWriteTime() -> Int64 {
        let now = max(Int64((Self.now() * 1000).rounded(.down)), lastTouch + 1)
        lastTouch = now
        return now
    }

    /// Sets `updated_at` to now (strictly increasing) on `count` live records of `resource`,
    /// least recently updated first, optionally within one project. Returns their ids.
    func touch(resource: String, count: Int, projectID: Int64? = nil) throws -> [Int64] {
        guard let kind = ProcoreTouchable(rawValue: resource) else {
            throw ProcoreRequestError(status: 400, message:
                "resource '\(resource)' cannot be touched: use one of \(ProcoreTouchable.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var project: Int32? = nil
        if let projectID {
            guard let p = dataset.projectIndex(id: projectID) else {
                throw ProcoreRequestError(status: 404, message: "project_id \(projectID) is not a sandbox project")
            }
            project = Int32(p)
        }
        var candidates = kind.candidates(in: dataset, project: project)
        candidates.sort { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        var ids: [Int64] = []
        for c in candidates.prefix(max(0, count)) {
            let now = nextWriteTime()
            kind.setUpdatedAt(now, index: c.index, in: &dataset)
            ids.append(c.id)
        }
        return ids
    }
}

extension ProcoreSandboxState {
    /// `POST /_sandbox/approve`: what a project manager does in Procore: approves `count`
    /// pending commitment change orders (the commitment's approved and pending totals follow),
    /// requisitions under review (or pending owner approval) or owner payment applications
    /// under review, oldest change first, and
    /// returns their ids. Each becomes a new postable record for the connector.
    func approve(resource: String, count: Int, projectID: Int64? = nil) throws -> [Int64] {
        var project: Int32? = nil
        if let projectID {
            guard let p = dataset.projectIndex(id: projectID) else {
                throw ProcoreRequestError(status: 404, message: "project_id \(projectID) is not a sandbox project")
            }
            project = Int32(p)
        }
        func inProject(_ commitment: Int32) -> Bool { project == nil || dataset.commitments[Int(commitment)].project == project }
        var ids: [Int64] = []
        switch resource {
        case "commitment_change_orders":
            let pending = ProcoreStatus.index("pending", in: ProcoreStatus.changeOrder)
            let approved = ProcoreStatus.index("approved", in: ProcoreStatus.changeOrder)
            let chosen = dataset.changeOrders.indices
                .filter { dataset.changeOrders[$0].status == pending && inProject(dataset.changeOrders[$0].commitment) }
                .sorted { (dataset.changeOrders[$0].updatedAt, $0) < (dataset.changeOrders[$1].updatedAt, $1) }
                .prefix(max(0, count))
            for index in chosen {
                let now = nextWriteTime()
                let total = dataset.changeOrders[index].total
                let commitment = Int(dataset.changeOrders[index].commitment)
                dataset.changeOrders[index].status = approved
                dataset.changeOrders[index].executed = true
                dataset.changeOrders[index].updatedAt = now
                dataset.commitments[commitment].pendingChangeOrders -= total
                dataset.commitments[commitment].approvedChangeOrders += total
                dataset.commitments[commitment].updatedAt = now
                ids.append(dataset.changeOrders[index].id)
            }
        case "requisitions":
            let waiting = Set(["under_review", "pending_owner_approval"].map { ProcoreStatus.index($0, in: ProcoreStatus.requisition) })
            let approved = ProcoreStatus.index("approved", in: ProcoreStatus.requisition)
            let chosen = dataset.requisitions.indices
                .filter { waiting.contains(dataset.requisitions[$0].status) && inProject(dataset.requisitions[$0].commitment) }
                .sorted { (dataset.requisitions[$0].updatedAt, $0) < (dataset.requisitions[$1].updatedAt, $1) }
                .prefix(max(0, count))
            for index in chosen {
                dataset.requisitions[index].status = approved
                dataset.requisitions[index].updatedAt = nextWriteTime()
                ids.append(dataset.requisitions[index].id)
            }
        case "payment_applications":
            let waiting = ProcoreStatus.index("under_review", in: ProcoreStatus.paymentApplication)
            let approved = ProcoreStatus.index("approved", in: ProcoreStatus.paymentApplication)
            let chosen = dataset.paymentApplications.indices
                .filter { dataset.paymentApplications[$0].status == waiting && (project == nil || dataset.paymentApplications[$0].project == project) }
                .sorted { (dataset.paymentApplications[$0].updatedAt, $0) < (dataset.paymentApplications[$1].updatedAt, $1) }
                .prefix(max(0, count))
            for index in chosen {
                dataset.paymentApplications[index].status = approved
                dataset.paymentApplications[index].updatedAt = nextWriteTime()
                ids.append(dataset.paymentApplications[index].id)
            }
        default:
            throw ProcoreRequestError(status: 400, message:
                "resource '\(resource)' cannot be approved here: use commitment_change_orders, requisitions or payment_applications")
        }
        return ids
    }
}

extension ProcoreSandboxState {
    /// `POST /rest/v1.0/contract_payments`: checks the body against the data, appends the
    /// payment (next id, created and updated now) and returns its index with the data after it.
    func createContractPayment(body: [UInt8], idempotencyToken: String?) throws -> (index: Int, dataset: ProcoreDataset) {
        // The same Idempotency-Token answers the payment it created, without creating another.
        if let token = idempotencyToken, !token.isEmpty, let earlier = paymentTokens[token] { return (earlier, dataset) }
        let c = try ProcoreContractPaymentCreation(body: body, dataset: dataset)
        let now = nextWriteTime()
        let index = dataset.payments.count
        dataset.paymentDetails.append(c.details)
        dataset.payments.append(PContractPayment(
            id: (dataset.payments.last?.id ?? 0) + 1, project: Int32(c.project), commitment: Int32(c.commitment),
            requisition: Int32(c.requisition), paymentNumber: Int32(clamping: c.details.paymentNumber ?? 0),
            amount: c.amountCents, day: c.day ?? now / ProcoreTime.msPerDay, checkNumber: 0,
            createdAt: now, updatedAt: now, detail: Int32(dataset.paymentDetails.count - 1)))
        dataset.addedPayments[c.project, default: []].append(index)
        if let token = idempotencyToken, !token.isEmpty { paymentTokens[token] = index }
        return (index, dataset)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
