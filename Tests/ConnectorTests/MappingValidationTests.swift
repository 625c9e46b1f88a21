import Testing
import Sage100
@testable import Connector

@Suite("Mapping validation against the account structure")
struct MappingValidationTests {
    @Test func theDocumentedExampleFits() throws {
        #expect(try MappingFixtures.configuration().validate(structure: MappingFixtures.structure) == [])
    }

    @Test func tableRowsThatDoNotFitNameFileLineAndColumn() throws {
        var configuration = try MappingFixtures.configuration()
        configuration.costCodeTable = try CostCodeTable.parse("""
        cost_code,cost_type,account,description
        01-100,,5010-00-00,fine
        02-100,,5020-{division}-00,fine for every project
        03-100,,5030-04,two segments
        04-100,,51X0-04-00,letter in a numeric segment
        05-100,,5100-{region}-00,unknown placeholder
        """, file: "cost-codes.csv")
        let errors = configuration.validate(structure: MappingFixtures.structure)
        #expect(errors.map(\.description) == [
            "cost-codes.csv line 4, column 3: account '5030-04' has 2 segments but the structure has 3; it must fit the account structure ####-##-##",
            "cost-codes.csv line 5, column 3: account '51X0-04-00' segment 1 '51X0' must be 4 digits; it must fit the account structure ####-##-##",
            "cost-codes.csv line 6, column 3: account '5100-{region}-00' needs {region} for project 1001, which neither its segments nor default_segments give; "
                + "add region to mapping.projects.\"1001\".segments or to mapping.default_segments",
            "cost-codes.csv line 6, column 3: account '5100-{region}-00' needs {region} for project 1002, which neither its segments nor default_segments give; "
                + "add region to mapping.projects.\"1002\".segments or to mapping.default_segments",
        ])
    }

    @Test func yamlAccountsNameTheirLineAndKey() throws {
        let yaml = """
        mapping:
          projects:
            "1001": { segments: { division: "4" } }
            "1002": { segments: { division: "123" } }
          rules:
            - { cost_type: S, account: "5100-{division}-00" }
          default_account: "59999-00-00"
          accounts:
            revenue: "4000-{division}"
        """
        let configuration = try MappingFixtures.configuration(yaml: yaml)
        let errors = configuration.validate(structure: MappingFixtures.structure)
        #expect(errors.map(\.description) == [
            "connector.yml line 6: mapping.rules[1].account '5100-{division}-00' -> '5100-123-00' (for project 1002) segment 2 '123' must be 2 digits; "
                + "it must fit the account structure ####-##-##",
            "connector.yml line 7: mapping.default_account '59999-00-00' segment 1 '59999' must be 4 digits; it must fit the account structure ####-##-##",
            "connector.yml line 9: mapping.accounts.revenue '4000-{division}' -> '4000-4' (for project 1001) has 2 segments but the structure has 3; "
                + "it must fit the account structure ####-##-##",
            "connector.yml line 9: mapping.accounts.revenue '4000-{division}' -> '4000-123' (for project 1002) has 2 segments but the structure has 3; "
                + "it must fit the account structure ####-##-##",
        ])
    }

    @Test func placeholdersWithNoValueAnywhereAreNamedWhenThereAreNoProjects() throws {
        var configuration = MappingConfiguration()
        configuration.defaultAccount = try AccountTemplate("5999-{division}-00")
        configuration.lines["mapping.default_account"] = 4
        let errors = configuration.validate(structure: MappingFixtures.structure)
        #expect(errors.map(\.description) == [
            "connector.yml line 4: mapping.default_account '5999-{division}-00' uses {division}, which no project and no default_segments entry defines; "
                + "add division to mapping.default_segments or to the projects' segments",
        ])
    }

    @Test func alphanumericStructuresAreRespected() throws {
        let structure = try AccountStructure(mask: "###-AA-##")
        var configuration = MappingConfiguration()
        configuration.defaultAccount = try AccountTemplate("510-ab-1")
        #expect(configuration.validate(structure: structure) == [])
        configuration.defaultAccount = try AccountTemplate("510-a-1")
        #expect(configuration.validate(structure: structure).first?.problem == "'510-a-1' segment 2 'a' must be 2 characters")
    }
}
