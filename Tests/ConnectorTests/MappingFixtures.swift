import Foundation
import Sage100
@testable import Connector

/// Shared data for the mapping tests: a `####-##-##` company with a small chart of accounts.
enum MappingFixtures {
    static let structure = try! AccountStructure(mask: "####-##-##")

    static func account(_ number: String, _ key: String, _ description: String, _ status: GLAccountStatus = .active) -> GLAccount {
        GLAccount(accountKey: key, account: number, rawAccount: number.replacingOccurrences(of: "-", with: ""),
                  mainAccountCode: String(number.prefix(4)), accountDesc: description, status: status)
    }

    static let accounts: [GLAccount] = [
        account("1200-00-00", "000000012", "Accounts Receivable"),
        account("2000-00-00", "000000020", "Accounts Payable"),
        account("2150-00-00", "000000021", "Retainage Payable"),
        account("2990-00-00", "000000029", "Change Order Clearing"),
        account("9100-00-00", "000000091", "Committed Costs (memo)"),
        account("9110-00-00", "000000092", "Commitments Offset (memo)"),
        account("4000-04-00", "000000040", "Contract Revenue - Division 4"),
        account("4000-05-00", "000000041", "Contract Revenue - Division 5"),
        account("5010-04-00", "000000501", "General Conditions"),
        account("5030-04-00", "000000503", "Concrete"),
        account("5030-04-10", "000000504", "Concrete Labor"),
        account("5030-05-00", "000000505", "Concrete"),
        account("5090-04-10", "000000509", "Finishes Materials"),
        account("5090-04-00", "000000508", "Drywall and Finishes"),
        account("5100-04-00", "000000510", "Subcontract Costs"),
        account("5100-05-00", "000000511", "Subcontract Costs", .inactive),
        account("5100-06-00", "000000512", "Subcontract Costs (old)", .deleted),
        account("5999-04-00", "000000599", "Other Job Costs"),
        account("5999-00-00", "000000598", "Other Job Costs"),
    ]

    static let yaml = """
    # comment
    other_section: { keep: true }
    mapping:
      projects:
        "1001": { job_no: "2501", segments: { division: "04" } }
        "1002": { job_no: "2502", segments: { division: "05" } }
      default_segments: { division: "00" }
      rules:
        - { cost_type: S, account: "5100-{division}-00" }
        - { cost_code_prefix: "03-", account: "5030-{division}-00" }
        - { cost_code_pattern: "09-*", cost_type: M, account: "5090-{division}-10" }
      default_account: "5999-{division}-00"
      accounts:
        retainage_payable: "2150-00-00"
        accounts_receivable: "1200-00-00"
        revenue: "4000-{division}-00"
        ap_control: "2000-00-00"
      bank_code: "A"
      vendors:
        create_missing: true
        number_scheme: { prefix: "P", width: 6 }
        table: { "5551234": "ACMEDRY" }
      ap_division: "00"
      terms_code: "30"
    """

    static func configuration(yaml: String = yaml) throws -> MappingConfiguration {
        try MappingConfiguration.parse(yaml: yaml, file: "connector.yml", baseDirectory: nil)
    }

    /// A fresh folder under the system temporary directory.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mapping-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository root (for the templates).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `body` expecting a `MappingConfigurationError`, which it returns.
    static func configurationError(_ body: () throws -> Void) -> MappingConfigurationError? {
        do {
            try body()
            return nil
        } catch let error as MappingConfigurationError {
            return error
        } catch {
            return nil
        }
    }
}
