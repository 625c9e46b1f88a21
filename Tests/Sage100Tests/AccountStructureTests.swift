import Foundation
import Testing
@testable import Sage100

@Suite("GL account structure")
struct AccountStructureTests {
    @Test func parsesMaskIntoSegments() throws {
        let structure = try AccountStructure(mask: "####-##-##")
        #expect(structure.segments.map(\.length) == [4, 2, 2])
        #expect(structure.segments.map(\.kind) == [.numeric, .numeric, .numeric])
        #expect(structure.rawLength == 8)
        #expect(structure.formattedLength == 10)
        let mixed = try AccountStructure(mask: "###-AA.## #")
        #expect(mixed.segments.map(\.kind) == [.numeric, .alphanumeric, .numeric, .numeric])
        #expect(mixed.segments.map(\.separator) == ["-", ".", " ", nil])
    }

    @Test func formatsZeroFillingNumericSegments() throws {
        let structure = try AccountStructure(mask: "####-##-##")
        #expect(try structure.format(["5100", "4", "0"]) == "5100-04-00")
        #expect(try structure.formatted("5100-4-00") == "5100-04-00")
        #expect(try structure.raw("5100-04-00") == "51000400")
        #expect(try structure.mainAccountCode("5100-04-00") == "5100")
        #expect(try structure.parse("51000400") == ["5100", "04", "00"])
        #expect(try structure.parse("5100.04.00") == ["5100", "04", "00"])
    }

    @Test func strictParsingNamesTheSegment() throws {
        let structure = try AccountStructure(mask: "####-##-##")
        #expect(throws: AccountStructureError.invalidSegment(account: "5100-4-00", segment: 2, value: "4",
                                                             reason: "must be 2 digits")) {
            try structure.parse("5100-4-00", zeroFill: false)
        }
        do {
            _ = try structure.parse("5100-4-00", zeroFill: false)
        } catch {
            #expect("\(error)" == "account '5100-4-00': segment 2 '4' must be 2 digits")
        }
        #expect(!structure.isValid("5100-4-00"))
        #expect(structure.isValid("5100-04-00"))
    }

    @Test func segmentErrors() throws {
        let structure = try AccountStructure(mask: "###-AA-##")
        #expect(try structure.format(["510", "ab", "1"]) == "510-AB-01")
        #expect(throws: AccountStructureError.invalidSegment(account: "510-A-01", segment: 2, value: "A",
                                                             reason: "must be 2 characters")) {
            try structure.parse("510-A-01")
        }
        #expect(throws: AccountStructureError.invalidSegment(account: "510-A!-01", segment: 2, value: "A!",
                                                             reason: "must be 2 letters or digits")) {
            try structure.parse("510-A!-01")
        }
        #expect(throws: AccountStructureError.invalidSegment(account: "51A-AB-01", segment: 1, value: "51A",
                                                             reason: "must be 3 digits")) {
            try structure.parse("51A-AB-01")
        }
        #expect(throws: AccountStructureError.invalidSegment(account: "5100-AB-01", segment: 1, value: "5100",
                                                             reason: "must be 3 digits")) {
            try structure.parse("5100-AB-01")
        }
        #expect(throws: AccountStructureError.segmentCount(account: "510-AB", found: 2, expected: 3,
                                                           mask: "###-AA-##")) {
            try structure.parse("510-AB")
        }
        #expect(throws: AccountStructureError.segmentCount(account: "510AB0", found: 1, expected: 3,
                                                           mask: "###-AA-##")) {
            try structure.parse("510AB0")
        }
        #expect(throws: AccountStructureError.invalidSegment(account: "510--01", segment: 2, value: "",
                                                             reason: "must be 2 letters or digits")) {
            try structure.parse("510--01")
        }
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("##-##", "the main segment is 2 characters; it must be 3-15"),
        ("################-##", "the main segment is 16 characters; it must be 3-15"),
        ("###-################", "segment 2 is 16 characters; it must be 1-15"),
        ("###--##", "segment 2 is empty"),
        ("-###", "segment 1 is empty"),
        ("###-", "it ends with a separator"),
        ("###-#A", "segment 2 '#A' mixes # and A"),
        ("###/##", "'/' is not allowed"),
        ("###-9", "'9' is not allowed"),
        ("###-#-#-#-#-#-#-#-#-#-#", "it has 11 segments; Sage 100 allows 10"),
        ("###############-###############-###", "accounts would be 33 characters without separators"),
    ])
    func invalidMasks(_ mask: String, _ reason: String) {
        do {
            _ = try AccountStructure(mask: mask)
            Issue.record("mask '\(mask)' was accepted")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func limitsAtTheEdges() throws {
        // 10 segments, 32 raw characters, 41 formatted: the largest Sage allows.
        let widest = try AccountStructure(mask: "#############-###-###-###-###-##-##-#-#-#")
        #expect(widest.segments.count == 10)
        #expect(widest.rawLength == 32)
        #expect(widest.formattedLength == 41)
        let longestMain = try AccountStructure(mask: "###############")
        #expect(longestMain.segments.count == 1)
        #expect(try longestMain.format(["42"]) == "000000000000042")
    }

    @Test func codableAsMask() throws {
        let structure = try AccountStructure(mask: "####-##-##")
        let json = try JSONEncoder().encode(structure)
        #expect(String(decoding: json, as: UTF8.self) == "\"####-##-##\"")
        #expect(try JSONDecoder().decode(AccountStructure.self, from: json) == structure)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AccountStructure.self, from: Data("\"##\"".utf8))
        }
    }
}
