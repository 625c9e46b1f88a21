import Connector
import Foundation
import Sage100

/// The configuration and mapping files the demo writes into its folder.
enum DemoFiles {
    /// Environment variables the demo's configuration names for its secrets.
    static let procoreSecretVariable = "ML_DEMO_PROCORE_CLIENT_SECRET"
    static let agentKeyVariable = "ML_DEMO_SAGE_AGENT_KEY"
    static let ebusinessPasswordVariable = "ML_DEMO_SAGE_EBUSINESS_PASSWORD"
    static let agentKey = "demo-agent-key"

    /// The cost code the demo's mapping deliberately leaves out; the scripted correction adds it.
    static let unmappedCostCode = DemoData.unmappedCostCode

    /// `connector.yml` for sandboxes on the given ports.
    static func connectorYML(procoreURL: String, companyID: Int64, agentURL: String, projects: [Int64],
                             ownerBilling: OwnerBilling = .journalEntry, ledgerURL: String? = nil) -> String {
        var ebusiness = ""
        var billing = "  owner_billing: journal_entry\n"
        if ownerBilling == .salesOrder {
            // The simulator answers eBusiness SOAP through the agent (POST …/ebusiness).
            ebusiness = """
            ebusiness:
              namespace: \(EBusinessConfiguration.sandboxNamespaceURI)
              username: webservice
              password_env: \(ebusinessPasswordVariable)

            """
            billing = """
              owner_billing: sales_order
              ar_division: "00"
              customers: { create_missing: true, number_scheme: { prefix: "OWN", width: 6 }, terms_code: "30" }
              sales_orders: { item_code: "/PROGRESS", item_type: "3" }

            """
        }
        var projectLines = ""
        for (index, id) in projects.enumerated() {
            projectLines += "    \"\(id)\": { job_no: \"\(2501 + index)\", segments: { division: \"00\" } }\n"
        }
        return """
        # Written by `ml-connector demo`: both sandboxes run inside the demo process, on loopback.
        procore:
          environment: custom
          api_base_url: \(procoreURL)
          auth_base_url: \(procoreURL)
          company_id: \(companyID)
          client_id: sandbox-client
          client_secret_env: \(procoreSecretVariable)
          per_page: 100
          max_concurrency: 4
        ledger:
          path: ml-connector.sqlite\(ledgerURL.map { "\n  url: \($0)" } ?? "")
        staging:
          dir: staging
        sage:
          base_url: \(agentURL)
          company: ABC
          auth:
            api_key_env: \(agentKeyVariable)
          verify_tls: true
          lock_backoff: { base_ms: 50, cap_ms: 1000, max_attempts: 8 }
          module_lock_max_wait_s: 30
          records_per_request: 50
        \(ebusiness)outbox:
          dir: outbox
        inbox:
          dir: inbox
          # The demo writes its correction whole, just before the run that reads it.
          settle_seconds: 0
        approval: none
        reports:
          # A small company: each report shows the job-to-date section of the jobs its run touched.
          job_to_date: touched_jobs
        transform:
          vendor_name_policy: reject
          all_or_nothing: false
        mapping:
          cost_code_table: cost-codes.csv
          projects:
        \(projectLines.isEmpty ? "    {}\n" : projectLines)  default_segments: { division: "00" }
          accounts:
            retainage_payable: "2010-00-00"
            accounts_receivable: "1200-00-00"
            revenue: "4000-00-00"
            ap_control: "2000-00-00"
          bank_code: "A"
          vendors:
            create_missing: true
            number_scheme: { prefix: "P", width: 6 }
          ap_division: "00"
          terms_code: "30"
        \(billing)
        """
    }

    /// `cost-codes.csv`: every sandbox cost code but ``unmappedCostCode``, to the simulator's accounts.
    static func costCodesCSV() -> String {
        var text = "cost_code,cost_type,account,description\n"
        for (code, account, name) in DemoData.costCodeAccounts where code != unmappedCostCode {
            text += "\(code),,\(account),\"\(name)\"\n"
        }
        return text
    }

    /// The correction row for ``unmappedCostCode`` (same layout as cost-codes.csv).
    static func correctionCSV() -> String {
        let row = DemoData.costCodeAccounts.first { $0.code == unmappedCostCode }!
        return "cost_code,cost_type,account,description\n\(row.code),,\(row.account),\"\(row.name)\"\n"
    }
}

/// What the demo knows about the sandbox data: its cost codes and the simulator's accounts.
public enum DemoData {
    /// The cost code the demo mapping leaves out.
    public static let unmappedCostCode = "09-300"

    /// (Procore cost code, Sage GL account of the simulator's chart, description).
    static let costCodeAccounts: [(code: String, account: String, name: String)] = [
        ("01-100", "5700-00-00", "General Requirements"),
        ("01-500", "5700-00-00", "Temporary Facilities & Controls"),
        ("02-200", "5100-01-00", "Site Preparation"),
        ("02-400", "5100-01-00", "Demolition"),
        ("03-100", "5100-02-00", "Concrete Forming"),
        ("03-200", "5100-02-00", "Concrete Reinforcing"),
        ("03-300", "5100-02-00", "Cast-in-Place Concrete"),
        ("04-200", "5100-00-00", "Unit Masonry"),
        ("05-100", "5100-03-00", "Structural Steel Framing"),
        ("05-500", "5100-03-00", "Metal Fabrications"),
        ("06-100", "5200-01-00", "Rough Carpentry"),
        ("06-400", "5100-07-00", "Architectural Woodwork"),
        ("07-200", "5100-07-00", "Thermal Protection"),
        ("07-500", "5100-07-00", "Membrane Roofing"),
        ("07-900", "5100-07-00", "Joint Protection"),
        ("08-100", "5100-07-00", "Doors, Frames & Hardware"),
        ("08-400", "5100-07-00", "Entrances, Storefronts & Curtain Walls"),
        ("09-250", "5100-07-00", "Gypsum Board"),
        ("09-300", "5100-07-00", "Tiling"),
        ("09-500", "5100-07-00", "Ceilings"),
        ("09-650", "5100-07-00", "Resilient Flooring"),
        ("09-900", "5100-07-00", "Painting & Coating"),
        ("10-100", "5100-00-00", "Visual Display Units"),
        ("14-200", "5100-00-00", "Elevators"),
        ("21-100", "5100-06-00", "Fire-Suppression Sprinklers"),
        ("22-100", "5100-06-00", "Plumbing Piping"),
        ("23-300", "5100-05-00", "HVAC Air Distribution"),
        ("26-100", "5100-00-00", "Medium-Voltage Electrical"),
        ("26-500", "5100-00-00", "Lighting"),
        ("31-200", "5100-01-00", "Earth Moving"),
        ("32-100", "5100-01-00", "Paving"),
        ("32-900", "5100-01-00", "Planting"),
    ]
}
