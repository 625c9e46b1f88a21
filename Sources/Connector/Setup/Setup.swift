import Foundation
import Ledger
import Procore
import Sage100
import Vault

/// `ml-connector init`: reads what both systems hold and writes a commented `connector.yml`, a
/// starting `cost-codes.csv` and the vault with the credentials, so `ping` and `run` work next.
///
/// Reads first (Procore: a token, the active projects and their cost codes; Sage: the company,
/// the account structure and GL accounts), writes only when both answered: the vault (created
/// when missing) with `procore-client-secret` and `sage-agent-api-key`, then the two files.
/// Job numbers come from Procore's project numbers (letters, digits and `-`, at most 7, made
/// unique), control accounts from Sage account descriptions (each named in a comment to check),
/// cost code rows from ``MappingSuggester`` (rows without a good match are left empty).
public enum Setup {
    /// What `init` wrote and what a person should look at.
    public struct Summary: Sendable, Codable, Equatable {
        public var configPath: String
        public var costCodesPath: String
        public var vaultPath: String
        public var projects: Int
        public var costCodes: Int
        public var matched: Int
        public var unmatched: Int
        /// Control account -> the Sage account chosen (absent: none matched, left to fill).
        public var accounts: [String: String]
        /// What to check before the first run.
        public var todo: [String]

        enum CodingKeys: String, CodingKey {
            case configPath = "config", costCodesPath = "cost_codes", vaultPath = "vault", projects, costCodes = "cost_code_count"
            case matched, unmatched, accounts, todo
        }
    }

    /// Cost code uses gathered page by page.
    actor UseCollector {
        var uses: [ProcoreCostCodeUse] = []
        func add(_ found: [ProcoreCostCodeUse]) { uses += found }
    }

    /// Procore project -> Sage job.
    struct Job: Equatable {
        var projectID: Int64
        var jobNo: String
        var name: String
    }

    /// Control account keys and the words their Sage descriptions carry, best first.
    static let controlAccounts: [(key: String, words: [String])] = [
        ("ap_control", ["accounts payable", "trade payable", "payable"]),
        ("retainage_payable", ["retainage payable", "retention payable", "retainage", "retention"]),
        ("accounts_receivable", ["accounts receivable", "receivable"]),
        ("revenue", ["contract revenue", "construction revenue", "revenue", "income"]),
    ]

    public static func run(_ options: SetupOptions, onStep: (@Sendable (String) -> Void)? = nil) async throws -> Summary {
        let fileManager = FileManager.default
        if !options.force {
            for path in [options.configPath, options.costCodesPath] where fileManager.fileExists(atPath: path) {
                throw SetupError.exists(path: path)
            }
        }
        guard options.agentKey != nil || (options.clientCertificate != nil && options.clientKey != nil) else {
            throw SetupError.invalid(field: "agent credentials", problem: "give the agent's API key, or a client certificate and key (mutual TLS)")
        }

        // Procore: a token, the active projects, their cost codes.
        onStep?("reading Procore: projects and cost codes of company \(options.companyID)")
        let procore = ProcoreClient(configuration: ProcoreConfiguration(
            environment: options.procoreEnvironment, companyID: options.companyID, clientID: options.clientID,
            clientSecret: options.clientSecret.revealed))
        var projects: [Project] = []
        for record in try await procore.projects() {
            if let project = try? record.decode(Project.self, resource: "projects"), project.active != false { projects.append(project) }
        }
        projects.sort { $0.id < $1.id }
        let uses = UseCollector()
        var readable: [Project] = []
        for project in projects {
            do {
                try await procore.list(.costCodes, projectID: project.id, updatedBetween: nil) { page in
                    let found = page.records.compactMap { try? $0.decode(ProcoreCostCodeRecord.self, resource: "cost_codes") }
                        .flatMap { $0.uses(projectID: project.id) }
                    await uses.add(found)
                }
                readable.append(project)
            } catch ProcoreError.forbidden {
                continue  // listed in the summary's todo: the service account cannot read it
            }
        }

        // Sage: the company, its account structure and GL accounts.
        onStep?("reading Sage 100: company \(options.sageCompany), account structure and GL accounts")
        let auth: SageAgentAuth
        switch (options.agentKey, options.clientCertificate, options.clientKey) {
        case (let key?, let cert?, let keyPath?): auth = .apiKeyAndClientCertificate(key, certPath: cert, keyPath: keyPath)
        case (nil, let cert?, let keyPath?): auth = .clientCertificate(certPath: cert, keyPath: keyPath)
        case (let key?, _, _): auth = .apiKey(key)
        default: throw SetupError.invalid(field: "agent credentials", problem: "give the agent's API key, or a client certificate and key")
        }
        let agent = SageAgentClient(configuration: try SageAgentConfiguration(
            baseURL: options.agentURL, companyCode: options.sageCompany, auth: auth, caBundlePath: options.caBundle))
        let status = try await agent.status()
        guard status.companies.contains(where: { $0.code.uppercased() == options.sageCompany.uppercased() }) else {
            throw SetupError.companyNotServed(company: options.sageCompany, served: status.companies.map(\.code))
        }
        let structure = try await agent.accountStructureDetails()
        let accounts = try await agent.allGLAccounts()

        // The mapping skeleton.
        let jobs = jobNumbers(readable)
        var chosen: [String: GLAccount] = [:]
        for (key, words) in controlAccounts {
            if let account = match(words, in: accounts, excluding: Set(chosen.values.map(\.account))) { chosen[key] = account }
        }
        let costCodeUses = await uses.uses
        let suggestions = MappingSuggester.suggest(costCodes: costCodeUses, accounts: accounts)
        var todo: [String] = []
        let forbidden = projects.filter { p in !readable.contains { $0.id == p.id } }
        if !forbidden.isEmpty {
            todo.append("\(forbidden.count) project(s) the service account cannot read were left out: \(forbidden.map { String($0.id) }.joined(separator: ", ")); grant access and add them under mapping.projects")
        }
        let unmatched = suggestions.filter { $0.account == nil }.count
        if unmatched > 0 { todo.append("fill the \(unmatched) empty account(s) in \(options.costCodesPath) (ml-connector map accounts lists Sage's accounts)") }
        for (key, _) in controlAccounts where chosen[key] == nil {
            todo.append("set mapping.accounts.\(key) in \(options.configPath): no Sage account description matched")
        }
        todo.append("check each job number under mapping.projects (taken from Procore's project numbers)")
        if options.bankCode == nil { todo.append("set mapping.bank_code before Procore payments post as manual checks") }

        // Write: the vault, then the files.
        onStep?("writing the vault, \(options.configPath) and \(options.costCodesPath)")
        try fileManager.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        let location = VaultLocation(configDirectory: options.directory, environment: options.environment)
        if !fileManager.fileExists(atPath: location.vaultPath) { _ = try location.initialize() }
        let vault = try location.store()
        try vault.set(options.clientSecret, named: "procore-client-secret")
        if let key = options.agentKey { try vault.set(key, named: "sage-agent-api-key") }
        let yml = configuration(options, jobs: jobs, accounts: chosen, mask: structure.mask)
        do {
            try Data(yml.utf8).write(to: URL(fileURLWithPath: options.configPath))
            try Data(MappingSuggester.csv(suggestions).utf8).write(to: URL(fileURLWithPath: options.costCodesPath))
        } catch {
            throw SetupError.write(path: options.configPath, reason: error.localizedDescription)
        }
        return Summary(configPath: options.configPath, costCodesPath: options.costCodesPath, vaultPath: location.vaultPath,
                       projects: jobs.count, costCodes: Set(costCodeUses.map(\.costCode)).count,
                       matched: suggestions.count - unmatched, unmatched: unmatched,
                       accounts: chosen.mapValues { (account: GLAccount) in account.account }, todo: todo)
    }

    /// Job numbers from Procore's project numbers: letters, digits and `-`, upper case, at most
    /// 7 characters (Sage's JobNo), unique; `J` and the project's place when nothing is left.
    static func jobNumbers(_ projects: [Project]) -> [Job] {
        var taken = Set<String>()
        var jobs: [Job] = []
        for (index, project) in projects.enumerated() {
            let source = project.projectNumber ?? ""
            var base = String(source.uppercased().unicodeScalars.filter { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" }
                .map(Character.init))
            base = String(base.prefix(7))
            if base.isEmpty { base = "J\(index + 1)" }
            var candidate = base
            var n = 2
            while taken.contains(candidate) {
                let suffix = "-\(n)"
                candidate = String(base.prefix(7 - suffix.count)) + suffix
                n += 1
            }
            taken.insert(candidate)
            jobs.append(Job(projectID: project.id, jobNo: candidate, name: project.displayName ?? project.name ?? ""))
        }
        return jobs
    }

    /// The active account whose description carries the first of `words` found, lowest number first.
    static func match(_ words: [String], in accounts: [GLAccount], excluding: Set<String>) -> GLAccount? {
        let active = accounts.filter { $0.status.isPostable && !excluding.contains($0.account) }.sorted { $0.account < $1.account }
        for word in words {
            if let found = active.first(where: { $0.accountDesc.lowercased().contains(word) }) { return found }
        }
        return nil
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// One-line comment text: no line breaks, no control characters.
    static func comment(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init).prefix(60))
    }

    static func configuration(_ o: SetupOptions, jobs: [Job], accounts: [String: GLAccount], mask: String) -> String {
        var procore = "  environment: \(o.procoreEnvironment.name)\n"
        if case .custom(let api, let auth) = o.procoreEnvironment {
            procore += "  api_base_url: \(quoted(api))\n  auth_base_url: \(quoted(auth))\n"
        }
        var sageAuth = ""
        if o.agentKey != nil { sageAuth += "    api_key_vault: sage-agent-api-key\n" }
        if let cert = o.clientCertificate, let key = o.clientKey {
            sageAuth += "    client_cert: \(quoted(cert))\n    client_key: \(quoted(key))\n"
        }
        let projects = jobs.isEmpty ? "    {}\n" : jobs.map {
            "    \"\($0.projectID)\": { job_no: \(quoted($0.jobNo)) }" + ($0.name.isEmpty ? "" : "  # \(comment($0.name))") + "\n"
        }.joined()
        var control = ""
        for (key, _) in controlAccounts {
            if let account = accounts[key] {
                control += "    \(key): \(quoted(account.account))  # \(comment(account.accountDesc)): check it\n"
            } else {
                control += "    # \(key): \"\"  # no Sage account description matched: set it\n"
            }
        }
        let stamp = Timestamp.string(from: Date())
        return """
        # Written by `ml-connector init` at \(stamp) from what Procore company \(o.companyID) and Sage 100
        # company \(o.sageCompany) hold. Every key is explained in templates/connector.yml.
        # Next: ml-connector ping --config <this file>, then review cost-codes.csv, then ml-connector run.
        procore:
        \(procore)  company_id: \(o.companyID)
          client_id: \(quoted(o.clientID))
          # The client secret is in the vault next to this file (ml-connector secrets list).
          client_secret_vault: procore-client-secret
        ledger:
          path: ml-connector.sqlite
        staging:
          dir: staging
        sage:
          base_url: \(quoted(o.agentURL))
          company: \(quoted(o.sageCompany))
          auth:
        \(sageAuth)\(o.caBundle.map { "  ca_bundle: \(quoted($0))\n" } ?? "")  verify_tls: true
        outbox:
          dir: outbox
        inbox:
          dir: inbox
        approval: none
        mapping:
          # Procore cost code -> Sage GL account (account structure \(mask)); rows init could not
          # match by name have an empty account: fill them (ml-connector map accounts lists them).
          cost_code_table: cost-codes.csv
          # Procore project -> Sage job number, from Procore's project numbers: check each.
          projects:
        \(projects)  accounts:
        \(control)  vendors:
            # Procore vendors missing in Sage are created as P000001, P000002, …
            create_missing: true
            number_scheme: { prefix: "P", width: 6 }
            # `ml-connector reference` puts every Sage vendor into Procore's directory with its
            # Sage key as origin_id (it writes to your Procore directory: off until you say so).
            sync_to_procore: false
          ap_division: \(quoted(o.apDivision))
          # The A/P terms code new vendors and invoices get (A/P Terms Code Maintenance).
          terms_code: \(quoted(o.termsCode))
          # These write to Procore: off until you say so. link_back: each posted commitment,
          # requisition and payment gets its Sage key as origin_id; job_costs_to_procore: job costs entered in
          # Sage (AP invoices keyed there, payroll) become Procore direct costs (`reference`).
          link_back: false
          job_costs_to_procore: false
        \(o.bankCode.map { "  bank_code: \(quoted($0))\n" } ?? "  # The bank code manual checks are drawn on (needed when Procore payments post to Sage).\n  # bank_code: \"A\"\n")
        """
    }
}
