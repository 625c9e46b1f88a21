import Foundation
import Testing
import Ledger
import Sage100
@testable import Connector

@Suite("Mapping vendor resolver")
struct MappingVendorResolverTests {
    static let sageVendors: [APVendor] = [
        APVendor(apDivisionNo: "00", vendorNo: "ACMEDRY", vendorName: "Acme Drywall"),
        APVendor(apDivisionNo: "00", vendorNo: "STEELCO", vendorName: "Steel Co"),
        APVendor(apDivisionNo: "00", vendorNo: "P001234", vendorName: "Taken by a person"),
        APVendor(apDivisionNo: "01", vendorNo: "OTHERDV", vendorName: "Other division"),
    ]

    func resolver(_ identities: any IdentityLookup = IdentitySnapshot(), yaml: String = MappingFixtures.yaml) throws -> VendorResolver {
        VendorResolver(configuration: try MappingFixtures.configuration(yaml: yaml), sageVendors: Self.sageVendors, identities: identities)
    }

    @Test func originIDNamingASageVendorWins() throws {
        var r = try resolver()
        let resolution = try r.resolve(ProcoreVendorRef(id: 5551234, name: "Acme", originID: " steelco ")).get()
        #expect(resolution.vendorNo == "STEELCO")
        #expect(resolution.source == .originID)
        #expect(resolution.existsInSage)
        #expect(resolution.sageKey == "00-STEELCO")
        #expect(r.allocations == [IdentityAllocation(resource: "vendors", procoreID: 5551234, sageKey: "00-STEELCO", reason: "origin_id")])
    }

    @Test func originIDWithTheDivisionIsAccepted() throws {
        var r = try resolver()
        #expect(try r.resolve(ProcoreVendorRef(id: 7, name: "S", originID: "00-STEELCO")).get().vendorNo == "STEELCO")
    }

    @Test func originIDInAnotherDivisionOrUnknownFallsThroughWithANote() throws {
        var r = try resolver()
        let resolution = try r.resolve(ProcoreVendorRef(id: 5551234, name: "Acme", originID: "OTHERDV")).get()
        #expect(resolution.source == .table)
        #expect(resolution.vendorNo == "ACMEDRY")
        #expect(resolution.note == "origin_id 'OTHERDV' is not a Sage vendor in division 00; ignored")
    }

    @Test func theTableIsUsedWhenOriginIDIsEmpty() throws {
        var r = try resolver()
        let resolution = try r.resolve(ProcoreVendorRef(id: 5551234, name: "Acme")).get()
        #expect(resolution.vendorNo == "ACMEDRY")
        #expect(resolution.source == .table)
        #expect(r.allocations.map(\.reason) == ["mapping.vendors.table"])
    }

    @Test func aTableEntryMissingFromSageIsAnError() throws {
        let yaml = MappingFixtures.yaml.replacingOccurrences(of: "\"ACMEDRY\"", with: "\"GONE\"")
        var r = try resolver(yaml: yaml)
        guard case .failure(let error) = r.resolve(ProcoreVendorRef(id: 5551234, name: "Acme Drywall")) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.description == "Procore vendor 5551234 (Acme Drywall): mapping.vendors.table maps it to GONE, which is not in Sage 100's vendor list for division 00; "
            + "create vendor GONE in Sage 100 or fix mapping.vendors.table.\"5551234\", then refresh the reference data")
    }

    @Test func newVendorsGetADeterministicNumberFromTheirID() throws {
        var first = try resolver()
        let a = try first.resolve(ProcoreVendorRef(id: 98_000_123, name: "New Sub")).get()
        #expect(a.vendorNo == "P000123")
        #expect(a.source == .allocated)
        #expect(!a.existsInSage)
        #expect(first.allocations.first?.sageKey == "00-P000123")
        var second = try resolver()
        #expect(try second.resolve(ProcoreVendorRef(id: 98_000_123, name: "New Sub")).get().vendorNo == "P000123")
    }

    @Test func allocationProbesPastSageVendorsTheIdentityMapAndThisRun() throws {
        // 1234 -> P001234 is a Sage vendor; P001235 belongs to vendor 1 in the identity map.
        let identities = IdentitySnapshot(["vendors": [1: "00-P001235"]])
        var r = try resolver(identities)
        let first = try r.resolve(ProcoreVendorRef(id: 1234, name: "A")).get()
        #expect(first.vendorNo == "P001236")
        #expect(r.allocations.last?.reason.contains("moved on 2 places") == true)
        // Another vendor whose slot is 1236 in the same run moves on too.
        let second = try r.resolve(ProcoreVendorRef(id: 2_001_236, name: "B")).get()
        #expect(second.vendorNo == "P001237")
        #expect(Set(r.allocations.map(\.sageKey)) == ["00-P001236", "00-P001237"])
    }

    @Test func resolvingTheSameVendorTwiceGivesTheSameNumberAndOneAllocation() throws {
        var r = try resolver()
        let vendor = ProcoreVendorRef(id: 42, name: "Twice")
        let a = try r.resolve(vendor).get()
        let b = try r.resolve(vendor).get()
        #expect(a == b)
        #expect(r.allocations.count == 1)
    }

    @Test func theIdentityMapKeepsEarlierNumbers() throws {
        let identities = IdentitySnapshot(["vendors": [42: "00-P777777"]])
        var r = try resolver(identities)
        let resolution = try r.resolve(ProcoreVendorRef(id: 42, name: "Known")).get()
        #expect(resolution.vendorNo == "P777777")
        #expect(resolution.source == .identityMap)
        #expect(!resolution.existsInSage)
        #expect(r.allocations.isEmpty)
    }

    @Test func aConflictWithTheIdentityMapIsReported() throws {
        let identities = IdentitySnapshot(["vendors": [5551234: "00-P551234"]])
        var r = try resolver(identities)
        guard case .failure(let error) = r.resolve(ProcoreVendorRef(id: 5551234, name: "Acme", originID: "STEELCO")) else {
            Issue.record("expected a failure"); return
        }
        #expect(error == .identityConflict(vendor: "Procore vendor 5551234 (Acme)", recorded: "P551234", found: "STEELCO", source: .originID))
        #expect(error.description.contains("was paired with Sage vendor P551234 by an earlier run, but its origin_id now says STEELCO"))
    }

    @Test func twoProcoreVendorsCannotShareASageVendor() throws {
        let identities = IdentitySnapshot(["vendors": [9: "00-STEELCO"]])
        var r = try resolver(identities)
        guard case .failure(let error) = r.resolve(ProcoreVendorRef(id: 10, name: "Dup", originID: "STEELCO")) else {
            Issue.record("expected a failure"); return
        }
        #expect(error == .vendorNoTaken(vendor: "Procore vendor 10 (Dup)", vendorNo: "STEELCO", otherProcoreID: 9, source: .originID))
        var run = try resolver()
        _ = run.resolve(ProcoreVendorRef(id: 11, name: "One", originID: "STEELCO"))
        guard case .failure(let sameRun) = run.resolve(ProcoreVendorRef(id: 12, name: "Two", originID: "STEELCO")) else {
            Issue.record("expected a failure"); return
        }
        #expect(sameRun.description.contains("already paired with Procore vendor 11"))
    }

    @Test func withoutCreateMissingAnUnknownVendorIsAnError() throws {
        let yaml = MappingFixtures.yaml.replacingOccurrences(of: "create_missing: true", with: "create_missing: false")
        var r = try resolver(yaml: yaml)
        guard case .failure(let error) = r.resolve(ProcoreVendorRef(id: 77, name: "Nobody", originID: "ZZZ")) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.description == "Procore vendor 77 (Nobody) has no Sage vendor: its origin_id 'ZZZ' is not a Sage vendor in division 00, "
            + "it is not in mapping.vendors.table, and mapping.vendors.create_missing is false; add it to mapping.vendors.table or set create_missing: true")
    }

    @Test func aFullNumberSpaceIsReported() throws {
        let yaml = MappingFixtures.yaml.replacingOccurrences(of: "{ prefix: \"P\", width: 6 }", with: "{ prefix: \"Q\", width: 1 }")
        let taken = Set((0..<10).map { "Q\($0)" })
        var r = VendorResolver(configuration: try MappingFixtures.configuration(yaml: yaml), sageVendorNumbers: taken,
                               identities: IdentitySnapshot())
        guard case .failure(let error) = r.resolve(ProcoreVendorRef(id: 5, name: "")) else { Issue.record("expected a failure"); return }
        #expect(error == .numberSpaceFull(vendor: "Procore vendor 5", range: "Q0-Q9", tries: 10))
        #expect(error.description.contains("widen mapping.vendors.number_scheme.width"))
    }

    @Test func resolveAllIsIndependentOfInputOrder() throws {
        let vendors = [ProcoreVendorRef(id: 3_000_001, name: "C"), ProcoreVendorRef(id: 1_000_001, name: "A"),
                       ProcoreVendorRef(id: 2_000_001, name: "B"), ProcoreVendorRef(id: 5551234, name: "T")]
        var forward = try resolver()
        var backward = try resolver()
        let a = forward.resolveAll(vendors)
        let b = backward.resolveAll(vendors.reversed())
        #expect(a == b)
        #expect(a.resolutions.map(\.vendorNo) == ["P000001", "P000002", "P000003", "ACMEDRY"])
        #expect(a.allocations.count == 4)
        #expect(a.failures.isEmpty)
    }

    @Test func numbersSurviveARestartThroughTheLedger() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Ledger.open(path: folder.appendingPathComponent("ledger.sqlite").path)
        let lookup = LedgerIdentityLookup(ledger: ledger, company: "ABC")
        var first = try resolver(lookup)
        let batch = first.resolveAll([ProcoreVendorRef(id: 1_000_001, name: "A"), ProcoreVendorRef(id: 2_000_001, name: "B")])
        #expect(batch.resolutions.map(\.vendorNo) == ["P000001", "P000002"])
        for allocation in batch.allocations {
            try ledger.putIdentity(company: "ABC", resource: allocation.resource, procoreID: allocation.procoreID, sageKey: allocation.sageKey)
        }
        // Next run, new process: B keeps its number, and a newcomer whose slot is 1 skips both.
        let reopened = try Ledger.open(path: folder.appendingPathComponent("ledger.sqlite").path)
        var second = try resolver(LedgerIdentityLookup(ledger: reopened, company: "ABC"))
        let b = try second.resolve(ProcoreVendorRef(id: 2_000_001, name: "B")).get()
        #expect(b.vendorNo == "P000002")
        #expect(b.source == .identityMap)
        let c = try second.resolve(ProcoreVendorRef(id: 3_000_001, name: "C")).get()
        #expect(c.vendorNo == "P000003")
        let newcomer = try second.resolve(ProcoreVendorRef(id: 4_000_001, name: "D")).get()
        #expect(newcomer.vendorNo == "P000004")
        #expect(second.allocations.map(\.procoreID) == [3_000_001, 4_000_001])
    }

    @Test func ledgerReadFailuresAreReported() throws {
        struct Broken: IdentityLookup {
            struct Failure: Error, CustomStringConvertible { var description: String { "disk I/O error" } }
            func sageKey(resource: String, procoreID: Int64) throws -> String? { throw Failure() }
            func procoreID(resource: String, sageKey: String) throws -> Int64? { throw Failure() }
        }
        var r = try resolver(Broken())
        guard case .failure(let error) = r.resolve(ProcoreVendorRef(id: 1, name: "X")) else { Issue.record("expected a failure"); return }
        #expect(error.description == "Procore vendor 1 (X): the identity map could not be read (disk I/O error); check the ledger file and run again")
    }

    @Test func numberSchemeFormatsAndValidates() throws {
        let scheme = try VendorNumberScheme(prefix: "P", width: 6)
        #expect(scheme.number(123) == "P000123")
        #expect(scheme.capacity == 1_000_000)
        #expect(scheme.rangeText == "P000000-P999999")
        #expect(try VendorNumberScheme(prefix: "", width: 7).number(5) == "0000005")
        #expect(throws: AccountTemplateProblem("width 0 must be 1 to 18")) { try VendorNumberScheme(prefix: "P", width: 0) }
    }
}
