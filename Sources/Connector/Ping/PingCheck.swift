/// One check of `ml-connector ping`: what was checked, how it went, and what to do when it failed.
public struct PingCheck: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case ok
        /// Works, but worth knowing (e.g. the clocks differ); does not fail the ping.
        case warning
        case failed
        /// Not checked: an earlier check it needs failed, or it is not configured.
        case skipped
    }

    /// `procore`, `sage` or `ebusiness`.
    public var system: String
    /// What was checked, e.g. `token`, `project 562949953421312 requisitions`.
    public var name: String
    public var status: Status
    /// What was found.
    public var detail: String
    /// What to do, when it failed (or warns).
    public var fix: String?
    /// The exit status a failure of this check ends the ping with (docs/pipeline.md).
    public var failure: ExitStatus?

    public init(system: String, name: String, status: Status, detail: String, fix: String? = nil, failure: ExitStatus? = nil) {
        self.system = system
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
        self.failure = failure
    }
}

/// Every check of one ping, in the order they ran, and the exit status they add up to.
public struct PingReport: Sendable, Codable, Equatable {
    public var checks: [PingCheck]

    public init(checks: [PingCheck] = []) { self.checks = checks }

    public var failed: [PingCheck] { checks.filter { $0.status == .failed } }

    /// Done when nothing failed; otherwise the most serious failure's status: a wrong setting or
    /// credential (2) before an unreachable system (1) before forbidden projects (3).
    public var exitStatus: ExitStatus {
        let failures = failed.map { $0.failure ?? .fatal }
        if failures.isEmpty { return .done }
        for status in [ExitStatus.configuration, .fatal, .partialPull] where failures.contains(status) { return status }
        return failures[0]
    }

    public var headline: String {
        let f = failed.count, w = checks.filter { $0.status == .warning }.count
        if f == 0 {
            return "Both systems answer: \(checks.filter { $0.status == .ok }.count) check(s) passed" + (w > 0 ? ", \(w) warning(s)" : "")
        }
        return "\(f) check(s) failed" + (w > 0 ? ", \(w) warning(s)" : "") + ": fix them before the first run (each says how)"
    }
}
