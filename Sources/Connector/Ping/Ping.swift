import Foundation
import HTTP
import JSON
import Procore
import Sage100

/// `ml-connector ping`: checks both systems with the configuration's settings and credentials,
/// before any pull, and says for each failed check what to fix.
///
/// Procore: the settings, a token, the company, each project's tools the connector reads
/// (commitments, change orders, requisitions, prime contract), the rate-limit headroom. Sage:
/// the settings, the agent (reachable, TLS, key), its and BOI's versions, the company, its
/// modules, the account structure, a read per module (A/P vendors, P/O purchase orders, G/L
/// accounts), the clocks; eBusiness logon when configured. Both sides are checked whatever the
/// other one answers, so one ping shows every problem.
public struct Ping: Sendable {
    public var configuration: RunConfiguration
    /// The tools read per project, with the name Procore's permissions give them.
    static let projectTools: [(ProcoreResource, String)] = [
        (.purchaseOrderContracts, "Commitments (purchase orders)"), (.workOrderContracts, "Commitments (subcontracts)"),
        (.commitmentChangeOrders, "Change Orders"), (.requisitions, "Invoicing (subcontractor invoices)"),
        (.primeContracts, "Prime Contracts"),
    ]

    public init(configuration: RunConfiguration) {
        self.configuration = configuration
    }

    public func run() async -> PingReport {
        var report = PingReport()
        report.checks += await procoreChecks()
        report.checks += await sageChecks()
        return report
    }

    // MARK: - Procore

    func procoreChecks() async -> [PingCheck] {
        var checks: [PingCheck] = []
        func add(_ name: String, _ status: PingCheck.Status, _ detail: String, fix: String? = nil, failure: ExitStatus? = nil) {
            checks.append(PingCheck(system: "procore", name: name, status: status, detail: detail, fix: fix, failure: failure))
        }
        let settings: ProcoreConfiguration
        do {
            settings = try configuration.base.procore.clientConfiguration(file: configuration.file)
            try settings.validate()
        } catch {
            add("settings", .failed, "\(error)", fix: "correct the procore section of \(configuration.file)", failure: .configuration)
            return checks
        }
        add("settings", .ok, "company \(settings.companyID) at \(settings.apiBaseURL), client id \(settings.clientID)")
        // A token asked for now, never the one the vault keeps: ping checks the credentials.
        var fresh = settings
        fresh.tokenStore = nil
        let client = ProcoreClient(configuration: fresh)
        do {
            let token = try await client.tokens.token()
            add("token", .ok, "an access token was issued (valid \(token.expiresIn) s)")
            if settings.tokenStore != nil {
                add("token cache", .ok, "the token is kept, encrypted, in the vault and shared by every run until it is renewed")
            } else {
                add("token cache", .warning, "every run asks Procore for its own token: there is no vault next to \(configuration.file)",
                    fix: "ml-connector secrets init --config \(configuration.file) creates one; the token is then kept, encrypted, between runs")
            }
        } catch {
            add("token", .failed, "\(error)", fix: Self.procoreFix(error, settings: settings), failure: ExitStatus(of: error) == .fatal ? .fatal : .configuration)
            return checks
        }
        do {
            let companies = try await client.companies()
            if let company = companies.first(where: { $0.id == settings.companyID }) {
                add("company", .ok, "company \(settings.companyID) (\(company.name ?? "no name")) is visible to the service account")
            } else {
                add("company", .failed, "company \(settings.companyID) is not among the companies the service account sees (\(companies.map { String($0.id) }.joined(separator: ", ")))",
                    fix: "set procore.company_id to one of those, or install the app for company \(settings.companyID) in Procore's App Management", failure: .configuration)
                return checks
            }
        } catch {
            add("company", .failed, "\(error)", fix: Self.procoreFix(error, settings: settings), failure: .configuration)
            return checks
        }

        // Projects: those the configuration names, else every active one.
        var projects = Set(configuration.mapping.projects.keys).union(configuration.base.procore.projects ?? [])
        if projects.isEmpty {
            do {
                for record in try await client.projects() {
                    if let project = try? record.decode(Project.self, resource: "projects"), project.active != false { projects.insert(project.id) }
                }
            } catch {
                add("projects", .failed, "\(error)", fix: Self.procoreFix(error, settings: settings), failure: .fatal)
                return checks
            }
        }
        var lastProbe: ProcoreProbe?
        let results = await withTaskGroup(of: (Int64, [(String, Result<ProcoreProbe, any Error>)]).self) { group in
            for project in projects.sorted() {
                group.addTask {
                    var found: [(String, Result<ProcoreProbe, any Error>)] = []
                    for (resource, tool) in Self.projectTools {
                        do { found.append((tool, .success(try await client.probe(resource, projectID: project)))) }
                        catch { found.append((tool, .failure(error))) }
                    }
                    return (project, found)
                }
            }
            var all: [Int64: [(String, Result<ProcoreProbe, any Error>)]] = [:]
            for await (project, found) in group { all[project] = found }
            return all
        }
        for project in projects.sorted() {
            let found = results[project] ?? []
            var forbidden: [String] = []
            var other: [String] = []
            for (tool, result) in found {
                switch result {
                case .success(let probe): lastProbe = probe
                case .failure(let error as ProcoreError):
                    if case .forbidden = error { forbidden.append(tool) } else if case .notFound = error, other.isEmpty {
                        other.append("not found")
                    } else { other.append("\(tool): \(error)") }
                case .failure(let error): other.append("\(tool): \(error)")
                }
            }
            let name = "project \(project)"
            if other == ["not found"] {
                add(name, .failed, "Procore has no project \(project)", fix: "remove it from mapping.projects (or procore.projects) in \(configuration.file)", failure: .configuration)
            } else if !other.isEmpty {
                add(name, .failed, other.joined(separator: "; "), fix: "try again; if it persists, check Procore's status page", failure: .fatal)
            } else if forbidden.count == found.count {
                add(name, .failed, "the service account has no access to the project (403 on every tool)",
                    fix: "add the service account (DMSA) to project \(project)'s directory with read access to \(Self.projectTools.map(\.1).joined(separator: ", ")), or remove the project from mapping.projects",
                    failure: .partialPull)
            } else if !forbidden.isEmpty {
                add(name, .failed, "403 on \(forbidden.joined(separator: ", "))",
                    fix: "grant the service account read access to \(forbidden.joined(separator: ", ")) on project \(project) in Procore", failure: .partialPull)
            } else {
                add(name, .ok, "readable: " + Self.projectTools.map(\.1).joined(separator: ", "))
            }
        }
        if let probe = lastProbe, let limit = probe.rateLimit, let remaining = probe.rateRemaining {
            let low = remaining * 10 < limit
            add("rate limit", low ? .warning : .ok, "\(remaining) of \(limit) requests left in this window",
                fix: low ? "another integration is using this app's budget; a pull now would wait for the window to reset" : nil)
        }
        return checks
    }

    static func procoreFix(_ error: any Error, settings: ProcoreConfiguration) -> String {
        guard let error = error as? ProcoreError else { return "check the procore section of the configuration" }
        switch error {
        case .authenticationFailed:
            return "check procore.client_id and the client secret (the variable or vault entry procore.client_secret_env / _vault names) for \(settings.authBaseURL)"
        case .transport, .retriesExhausted:
            return "check procore.api_base_url / auth_base_url and this machine's network access to them"
        case .unauthorized:
            return "install the app (service account) for company \(settings.companyID) in Procore's App Management"
        default:
            return "check the procore section of the configuration"
        }
    }

    // MARK: - Sage

    func sageChecks() async -> [PingCheck] {
        var checks: [PingCheck] = []
        func add(_ name: String, _ status: PingCheck.Status, _ detail: String, fix: String? = nil, failure: ExitStatus? = nil,
                 system: String = "sage") {
            checks.append(PingCheck(system: system, name: name, status: status, detail: detail, fix: fix, failure: failure))
        }
        let company = configuration.sage.company
        let agent: SageAgentClient
        do {
            let settings = try configuration.sage.agentConfiguration(file: configuration.file)
            agent = SageAgentClient(configuration: settings)
            add("settings", .ok, "agent \(settings.baseURL), company \(company)")
        } catch {
            add("settings", .failed, "\(error)", fix: "correct the sage section of \(configuration.file)", failure: .configuration)
            return checks
        }
        let status: AgentStatus
        do {
            status = try await agent.status()
            add("agent", .ok, "agent \(status.agentVersion), Sage 100 BOI \(status.boiVersion)")
        } catch {
            let (fix, failure) = Self.agentFix(error, configuration: configuration)
            add("agent", .failed, "\(error)", fix: fix, failure: failure)
            return checks
        }
        guard let served = status.companies.first(where: { $0.code.uppercased() == company.uppercased() }) else {
            add("company", .failed, "the agent does not serve company \(company) (it serves \(status.companies.map(\.code).joined(separator: ", ")))",
                fix: "set sage.company to one of those, or add company \(company) to the agent's configuration on the Sage server", failure: .configuration)
            return checks
        }
        add("company", .ok, "\(served.code) (\(served.name))")
        let needed = ["A/P", "P/O", "G/L"] + (configuration.ebusiness != nil ? ["A/R"] : [])
        let missing = needed.filter { !served.modules.contains($0) }
        add("modules", missing.isEmpty ? .ok : .failed,
            missing.isEmpty ? "the agent writes to \(served.modules.joined(separator: ", "))" : "the agent cannot write to \(missing.joined(separator: ", "))",
            fix: missing.isEmpty ? nil : "enable \(missing.joined(separator: ", ")) for company \(company) in Sage 100 and the agent's configuration",
            failure: missing.isEmpty ? nil : .configuration)
        do {
            let details = try await agent.accountStructureDetails()
            _ = try AccountStructure(mask: details.mask)
            add("account structure", .ok, "mask \(details.mask)")
        } catch {
            add("account structure", .failed, "\(error)", fix: "check the company's account structure in Sage 100 (Library Master > Company Maintenance)", failure: .fatal)
        }
        for (module, resource) in [("A/P", "vendors"), ("P/O", SageDocumentKind.purchaseOrders.rawValue), ("G/L", "gl-accounts")] {
            do {
                var items = 0
                for try await page in agent.pages(resource, of: JSONValue.self, pageLimit: 1) { items = page.count; break }
                add("read \(module)", .ok, "\(resource) readable" + (items == 0 ? " (none yet)" : ""))
            } catch {
                let (fix, failure) = Self.agentFix(error, configuration: configuration)
                add("read \(module)", .failed, "\(error)", fix: fix, failure: failure)
            }
        }
        if let text = status.serverTime, let server = ISO8601DateFormatter().date(from: text) {
            let skew = server.timeIntervalSinceNow
            let far = abs(skew) > 300
            add("clock", far ? .warning : .ok, String(format: "the agent's clock is %.0f s %@ this machine's", abs(skew), skew >= 0 ? "ahead of" : "behind"),
                fix: far ? "set both clocks from NTP: the run ids, staging stamps and report times of the two machines should agree" : nil)
        }
        if let settings = configuration.ebusiness {
            do {
                let access = try EBusinessAccess(settings: settings, company: company)
                _ = try await EBusinessRelay(agent: agent, access: access).customer("ZZPING", division: "00")
                add("logon", .ok, "eBusiness Web Services accepted user \(access.configuration.username)", system: "ebusiness")
            } catch let error as EBusinessError {
                if case .logonFailure = error {
                    add("logon", .failed, "\(error)", fix: "check ebusiness.username and the password (ebusiness.password_env / _vault), and that the user is enabled for web services in Sage 100", failure: .configuration, system: "ebusiness")
                } else {
                    add("logon", .failed, "\(error)", fix: "check the ebusiness section of the configuration", failure: .configuration, system: "ebusiness")
                }
            } catch {
                add("logon", .failed, "\(error)", fix: "check the ebusiness section of the configuration", failure: .configuration, system: "ebusiness")
            }
        }
        return checks
    }

    static func agentFix(_ error: any Error, configuration: RunConfiguration) -> (String, ExitStatus) {
        guard let error = error as? SageAgentError else { return ("check the sage section of the configuration", .fatal) }
        switch error {
        case .unauthorized:
            return ("the agent refused the API key or certificate: check sage.auth (the variable or vault entry it names) against the agent's key", .configuration)
        case .transport(let http):
            switch http {
            case .tls: return ("check sage.ca_bundle (the CA that signed the agent's certificate), sage.auth.client_cert and sage.auth.client_key, and that the agent's certificate names sage.base_url's host", .configuration)
            case .invalidURL: return ("correct sage.base_url", .configuration)
            default: return ("start the connector's agent service on the Sage server and check sage.base_url and the firewall", .fatal)
            }
        case .companyNotFound:
            return ("set sage.company to a company the agent serves", .configuration)
        default:
            return ("check the agent's log on the Sage server", .fatal)
        }
    }
}
