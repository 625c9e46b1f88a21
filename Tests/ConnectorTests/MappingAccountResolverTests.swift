import Testing
import Sage100
@testable import Connector

@Suite("Mapping account resolver")
struct MappingAccountResolverTests {
    static let table = """
    cost_code,cost_type,account,description
    03-100,L,5030-{division}-10,Concrete labor
    03-100,,5030-{division}-00,Concrete
    05-100,,5100-05-00,Steel on an inactive account
    05-200,,5100-06-00,Steel on a deleted account
    05-300,,5100-07-00,Steel on a missing account
    05-400,,51X0-04-00,Typo
    05-500,,5100-{region}-00,Unknown placeholder
    01-100,,5010-4-0,Short segments are zero-filled
    """

    func resolver(yaml: String = MappingFixtures.yaml, withTable: Bool = true) throws -> AccountResolver {
        var configuration = try MappingFixtures.configuration(yaml: yaml)
        if withTable {
            configuration.costCodeTablePath = "mapping/cost-codes.csv"
            configuration.costCodeTable = try CostCodeTable.parse(Self.table, file: "mapping/cost-codes.csv")
        }
        return AccountResolver(configuration: configuration, structure: MappingFixtures.structure, accounts: MappingFixtures.accounts)
    }

    @Test func csvRowWithTheSameTypeWinsOverTheAnyTypeRow() throws {
        let ref = try resolver().resolve(costCode: "03-100", costType: "L", projectID: 1001).get()
        #expect(ref.account == "5030-04-10")
        #expect(ref.accountKey == "000000504")
        #expect(ref.accountDescription == "Concrete Labor")
        #expect(ref.source == .csvRow(file: "mapping/cost-codes.csv", line: 2))
    }

    @Test func csvAnyTypeRowMatchesOtherTypesAndNoType() throws {
        let r = try resolver()
        #expect(try r.resolve(costCode: "03-100", costType: "M", projectID: 1001).get().source == .csvRow(file: "mapping/cost-codes.csv", line: 3))
        #expect(try r.resolve(costCode: " 03-100 ", costType: nil, projectID: 1001).get().account == "5030-04-00")
        #expect(try r.resolve(costCode: "03-100", costType: "l", projectID: 1001).get().account == "5030-04-10")
    }

    @Test func csvRowsComeBeforeRules() throws {
        // 03-100 with type S would match rule 1 (cost_type S), but the table row for 03-100 wins.
        let ref = try resolver().resolve(costCode: "03-100", costType: "S", projectID: 1001).get()
        #expect(ref.source == .csvRow(file: "mapping/cost-codes.csv", line: 3))
    }

    @Test func rulesApplyInOrderWithPlaceholdersFromTheProject() throws {
        let r = try resolver()
        let sub = try r.resolve(costCode: "03-200", costType: "S", projectID: 1001).get()
        #expect(sub.account == "5100-04-00")
        #expect(sub.source == .rule(number: 1, line: 9))
        let concrete = try r.resolve(costCode: "03-200", costType: "L", projectID: 1002).get()
        #expect(concrete.account == "5030-05-00")
        #expect(concrete.source == .rule(number: 2, line: 10))
        let finishes = try r.resolve(costCode: "09-250", costType: "m", projectID: 1001).get()
        #expect(finishes.account == "5090-04-10")
        #expect(finishes.source == .rule(number: 3, line: 11))
    }

    @Test func theDefaultAccountCatchesTheRestUsingDefaultSegments() throws {
        let r = try resolver()
        let ref = try r.resolve(costCode: "09-250", costType: "L", projectID: 1001).get()
        #expect(ref.account == "5999-04-00")
        #expect(ref.source == .defaultAccount)
        let unknownProject = try r.resolve(costCode: "16-000", costType: nil, projectID: 4242).get()
        #expect(unknownProject.account == "5999-00-00")
    }

    @Test func shortNumericSegmentsAreZeroFilled() throws {
        let ref = try resolver().resolve(costCode: "01-100", costType: nil, projectID: 1001).get()
        #expect(ref.account == "5010-04-00")
    }

    @Test func unmappedCodesSayWhereToAddARow() throws {
        let yaml = MappingFixtures.yaml.replacingOccurrences(of: "  default_account: \"5999-{division}-00\"\n", with: "")
        let result = try resolver(yaml: yaml).resolve(costCode: "09-250", costType: "L", projectID: 1001)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error == .unmapped(subject: "cost code 09-250 (type L) on project 1001", table: "mapping/cost-codes.csv"))
        #expect(error.description.hasPrefix("cost code 09-250 (type L) on project 1001 has no GL mapping; add a row to mapping/cost-codes.csv"))
        #expect(error.code == "unmapped")
        let noTable = try resolver(yaml: yaml, withTable: false).resolve(costCode: "09-250", costType: nil, projectID: 1001)
        guard case .failure(let plain) = noTable else { Issue.record("expected a failure"); return }
        #expect(plain.description.hasPrefix("cost code 09-250 on project 1001 has no GL mapping; add a row to cost-codes.csv"))
    }

    @Test func inactiveAccountsAreRefusedWithTheirStatus() throws {
        let result = try resolver().resolve(costCode: "05-100", costType: "S", projectID: 1001)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.description == "cost code 05-100 (type S) on project 1001 maps to 5100-05-00 (mapping/cost-codes.csv line 4), "
            + "which is inactive in Sage 100 (Status I); activate it or change the mapping")
        #expect(error.code == "inactive")
        #expect(error.account == "5100-05-00")
        // The rule path reports the same problem with its rule number.
        let viaRule = try resolver().resolve(costCode: "07-100", costType: "S", projectID: 1002)
        guard case .failure(let ruleError) = viaRule else { Issue.record("expected a failure"); return }
        #expect(ruleError.description.contains("maps to 5100-05-00 (rule 1), which is inactive in Sage 100 (Status I)"))
        #expect(ruleError.source == .rule(number: 1, line: 9))
    }

    @Test func deletedAccountsAreRefused() throws {
        let result = try resolver().resolve(costCode: "05-200", costType: nil, projectID: 1001)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.code == "deleted")
        #expect(error.description.hasSuffix("which is deleted in Sage 100 (Status D); change the mapping to an active account"))
    }

    @Test func accountsMissingFromSageAreRefused() throws {
        let result = try resolver().resolve(costCode: "05-300", costType: nil, projectID: 1001)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error == .notInSage(subject: "cost code 05-300 on project 1001", source: .csvRow(file: "mapping/cost-codes.csv", line: 6),
                                    account: "5100-07-00"))
        #expect(error.description.contains("which is not in Sage 100's GL account list; create it in Sage 100 or change the mapping"))
    }

    @Test func accountsOutsideTheStructureNameTheSegment() throws {
        let result = try resolver().resolve(costCode: "05-400", costType: nil, projectID: 1001)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.description == "cost code 05-400 on project 1001 maps to '51X0-04-00' (mapping/cost-codes.csv line 7), "
            + "which is not in the account structure ####-##-##: segment 1 '51X0' must be 4 digits; fix the account in the mapping")
        #expect(error.code == "not-in-structure")
    }

    @Test func wrongSegmentCountIsNamed() throws {
        var configuration = try MappingFixtures.configuration()
        configuration.defaultAccount = try AccountTemplate("5999-00")
        let r = AccountResolver(configuration: configuration, structure: MappingFixtures.structure, accounts: MappingFixtures.accounts)
        guard case .failure(let error) = r.resolve(costCode: "99-999", costType: nil, projectID: 1001) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.description.contains("it has 2 segments but the structure has 3"))
        #expect(error.source == .defaultAccount)
    }

    @Test func placeholdersWithoutAValueAreNamedWithTheFix() throws {
        let result = try resolver().resolve(costCode: "05-500", costType: nil, projectID: 1001)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error == .missingSegment(subject: "cost code 05-500 on project 1001", source: .csvRow(file: "mapping/cost-codes.csv", line: 8),
                                         template: "5100-{region}-00", placeholder: "region", projectID: 1001))
        #expect(error.description.contains("add region to mapping.projects.\"1001\".segments or to mapping.default_segments"))
    }

    @Test func controlAccountsResolveWithProjectSegments() throws {
        let r = try resolver()
        let revenue = try r.resolve(.revenue, projectID: 1002).get()
        #expect(revenue.account == "4000-05-00")
        #expect(revenue.source == .controlAccount(.revenue))
        #expect(try r.resolve(.retainagePayable, projectID: nil).get().accountKey == "000000021")
        #expect(r.jobNo(projectID: 1001) == "2501")
        #expect(r.jobNo(projectID: 9) == nil)
    }

    @Test func anUnsetControlAccountIsAnError() throws {
        var configuration = try MappingFixtures.configuration()
        configuration.accounts[.apControl] = nil
        let r = AccountResolver(configuration: configuration, structure: MappingFixtures.structure, accounts: MappingFixtures.accounts)
        guard case .failure(let error) = r.resolve(.apControl, projectID: 1001) else { Issue.record("expected a failure"); return }
        #expect(error.description == "mapping.accounts.ap_control on project 1001: mapping.accounts.ap_control is not set; add it to the mapping section of the configuration")
    }

    @Test func sageAccountsInRawFormAreMatched() throws {
        let configuration = try MappingFixtures.configuration()
        let raw = [GLAccount(accountKey: "K1", account: "51000400", rawAccount: "51000400", mainAccountCode: "5100", accountDesc: "Sub")]
        let r = AccountResolver(configuration: configuration, structure: MappingFixtures.structure, accounts: raw)
        #expect(try r.resolve(costCode: "x", costType: "S", projectID: 1001).get().accountKey == "K1")
    }

    @Test func globPatterns() {
        #expect(Glob.matches(pattern: "09-*", "09-250"))
        #expect(Glob.matches(pattern: "09-*", "09-"))
        #expect(!Glob.matches(pattern: "09-*", "19-250"))
        #expect(Glob.matches(pattern: "0?-1*0", "03-1250"))
        #expect(!Glob.matches(pattern: "0?-1*0", "03-1251"))
        #expect(Glob.matches(pattern: "*", ""))
        #expect(Glob.matches(pattern: "*-*-*", "a-b-c"))
        #expect(!Glob.matches(pattern: "?", ""))
    }

    @Test func ruleConditionsAllHaveToHold() throws {
        let rule = MappingRule(number: 1, costCodePrefix: "09", costCodePattern: "*-250", costType: "M", account: try AccountTemplate("1-1-1"))
        #expect(rule.matches(costCode: "09-250", costType: "M"))
        #expect(!rule.matches(costCode: "09-250", costType: nil))
        #expect(!rule.matches(costCode: "09-251", costType: "M"))
        #expect(!rule.matches(costCode: "08-250", costType: "M"))
        #expect(rule.conditionText == "cost_code_prefix 09 and cost_code_pattern *-250 and cost_type M")
        let exact = MappingRule(number: 2, costCode: "01-100", account: try AccountTemplate("1-1-1"))
        #expect(exact.matches(costCode: "01-100", costType: "Z"))
        #expect(!exact.matches(costCode: "01-1000", costType: nil))
    }

    @Test func templatesFillEveryOccurrence() throws {
        let template = try AccountTemplate(" {a}-{b}-{a} ")
        #expect(template.text == "{a}-{b}-{a}")
        #expect(template.placeholders == ["a", "b"])
        #expect(template.fill { ["a": "1", "b": "2"][$0] } == .success("1-2-1"))
        #expect(template.fill { ["a": "1"][$0] } == .failure(MissingPlaceholder(name: "b")))
        #expect(throws: AccountTemplateProblem("'5100}' has a '}' without a matching '{'")) { try AccountTemplate("5100}") }
        #expect(throws: AccountTemplateProblem("is empty; write an account such as 5100-04-00")) { try AccountTemplate("  ") }
    }
}
