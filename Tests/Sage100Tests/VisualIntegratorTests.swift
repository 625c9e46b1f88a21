import Foundation
import Testing
@testable import Sage100

@Suite("Visual Integrator batch writer")
struct VisualIntegratorTests {
    // MARK: - Golden files

    /// Set ML_CONNECTOR_UPDATE_GOLDEN=1 to rewrite the golden files from the writer's output
    /// (then inspect them and keep them under version control).
    static let updateGolden = ProcessInfo.processInfo.environment["ML_CONNECTOR_UPDATE_GOLDEN"] == "1"

    func checkGolden(_ name: String, _ batch: VIRenderedBatch, sourceFile: String = #filePath) throws {
        if Self.updateGolden {
            let dir = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("Golden")
            try Data(batch.bytes).write(to: dir.appendingPathComponent(name))
        }
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"),
                               "golden file \(name) missing; run once with ML_CONNECTOR_UPDATE_GOLDEN=1")
        let expected = try [UInt8](Data(contentsOf: url))
        #expect(batch.bytes == expected, "output of \(name) changed:\n\(Windows1252.decode(batch.bytes))")
    }

    @Test func goldenVendors() throws {
        let batch = try VIBatchWriter().render(VIFixtures.vendors)
        try checkGolden("vendors.csv", batch)
        #expect(batch.recordCount == 3)
        #expect(batch.lineCount == 3)
        #expect(batch.controlTotal == 0)
    }

    @Test func goldenAPInvoicesWithRetention() throws {
        let batch = try VIBatchWriter().render(VIFixtures.apInvoices)
        try checkGolden("ap-invoices.csv", batch)
        #expect(batch.recordCount == 2)
        #expect(batch.lineCount == 5)
        #expect(batch.controlTotal == VIFixtures.money("12349.25"))
    }

    @Test func goldenPurchaseOrders() throws {
        let batch = try VIBatchWriter().render(VIFixtures.purchaseOrders)
        try checkGolden("purchase-orders.csv", batch)
        #expect(batch.lineCount == 4)
        #expect(batch.controlTotal == VIFixtures.money("188116.42"))
    }

    @Test func goldenGLEntries() throws {
        let batch = try VIBatchWriter().render(VIFixtures.glEntries)
        try checkGolden("gl-entries.csv", batch)
        #expect(batch.lineCount == 7)
        #expect(batch.controlTotal == VIFixtures.money("3000.00"))
    }

    @Test func goldenManualChecksWithSubLines() throws {
        let batch = try VIBatchWriter().render(VIFixtures.manualChecks)
        try checkGolden("manual-checks.csv", batch)
        #expect(batch.lineCount == 8)
        #expect(batch.controlTotal == VIFixtures.money("12750.50"))
        let rows = try VICSV.parse(Windows1252.decode(batch.bytes))
        #expect(rows.map { $0[0] } == ["H", "L", "LL", "LL", "H", "L", "L", "LL"])
    }

    // MARK: - Format rules

    @Test func rowsFollowTheLayoutAndFormats() throws {
        let batch = try VIBatchWriter().render(VIFixtures.apInvoices)
        let rows = try VICSV.parse(Windows1252.decode(batch.bytes))
        let layout = VILayout.layout(for: .apInvoices)
        #expect(rows[0].count == layout.columns(for: .header).count)
        #expect(rows[1].count == layout.columns(for: .line).count)
        #expect(rows[0] == ["H", "00", "0001234", "INV-10", "20250131", "20250302", "30", "00012", "N",
                            "Req #3, period to 01/31", "2401", "12500.00", "1250.00"])
        #expect(rows[2] == ["L", "", "510004000", "2500.00", "Change order \"CO-7\"", "2401", "03-310", "S"])
        #expect(rows[3][11] == "-150.75")
        #expect(rows[3][5] == "")  // no due date
        let po = try VICSV.parse(Windows1252.decode(VIBatchWriter().render(VIFixtures.purchaseOrders).bytes))
        #expect(Array(po[2][9...11]) == ["2.5", "1234.567", "3086.42"])
        #expect(Array(po[3][9...11]) == ["0.333333", "90", "30.00"])
    }

    @Test func linesEndWithCRLFAndQuotingFollowsRFC4180() throws {
        let batch = try VIBatchWriter().render(VIFixtures.vendors)
        let text = Windows1252.decode(batch.bytes)
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains(#","Ace ""Quality"" Concrete, Inc.","#))
        #expect(text.contains(#","Königstraße 12, Hof 3","#))
        #expect(text.contains(#"," Suite 5","#))
        #expect(VICSV.quote("plain") == "plain")
        #expect(VICSV.quote("a,b") == "\"a,b\"")
        #expect(VICSV.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(VICSV.quote("two\r\nlines") == "\"two\r\nlines\"")
        #expect(VICSV.quote("trailing ") == "\"trailing \"")
        #expect(VICSV.quote("") == "")
    }

    @Test func embeddedNewlinesSurviveARoundTrip() throws {
        var invoice = VIFixtures.apInvoices[0]
        invoice.lines[0].commentText = "first line\r\nsecond, \"quoted\""
        let rows = try VICSV.parse(Windows1252.decode(VIBatchWriter().render([invoice]).bytes))
        #expect(rows.count == 3)
        #expect(rows[1][4] == "first line\r\nsecond, \"quoted\"")
    }

    @Test func csvParserRejectsMalformedText() {
        #expect(throws: VICSVError.unterminatedQuote(line: 1)) { try VICSV.parse("H,\"open\r\n") }
        #expect(throws: VICSVError.strayQuote(line: 1)) { try VICSV.parse("H,ab\"c\r\n") }
    }

    @Test func sameInputGivesSameBytes() throws {
        let first = try VIBatchWriter().render(VIFixtures.manualChecks)
        let second = try VIBatchWriter().render(VIFixtures.manualChecks)
        #expect(first.bytes == second.bytes)
        #expect(first.sha256 == second.sha256)
        var changed = VIFixtures.manualChecks
        changed[1].lines[0].invoiceNo = "A-3"
        #expect(try VIBatchWriter().render(changed).sha256 != first.sha256)
    }

    // MARK: - Windows-1252

    @Test func encodesMullerAndSohneToWindows1252() {
        let bytes = Windows1252.encode("Müller & Söhne")
        #expect(bytes == [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x20, 0x26, 0x20, 0x53, 0xF6, 0x68, 0x6E, 0x65])
        #expect(Windows1252.encode("€") == [0x80])
        #expect(Windows1252.encode("—“”‘’…™") == [0x97, 0x93, 0x94, 0x91, 0x92, 0x85, 0x99])
        #expect(Windows1252.encode("Ÿž") == [0x9F, 0x9E])
        #expect(Windows1252.encode("ł") == nil)
        #expect(Windows1252.encode("\u{81}") == nil)
    }

    @Test func everyDefinedByteRoundTrips() {
        for byte in UInt8.min...UInt8.max {
            let text = Windows1252.decode([byte])
            if [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) {
                #expect(text == "\u{FFFD}")
            } else {
                #expect(Windows1252.encode(text) == [byte], "byte \(byte)")
            }
        }
    }

    @Test func vendorFileIsWindows1252() throws {
        let batch = try VIBatchWriter().render([VIFixtures.vendors[0]])
        let name = Array("Müller".unicodeScalars.map { UInt8($0.value) })
        #expect(batch.bytes.firstRange(of: name) != nil)
        #expect(batch.bytes.contains(0xFC))
        #expect(!batch.bytes.contains(0xC3))  // no UTF-8 lead byte
    }

    @Test func transliterationIsReportedFieldByField() throws {
        let batch = try VIBatchWriter().render([VIFixtures.vendors[2]])
        let text = Windows1252.decode(batch.bytes)
        #expect(text.contains("Lódz Steel — Osz Kft."))
        #expect(batch.transliterations == [
            VITransliteration(record: "vendor 00-LODZ", field: "VendorName",
                              original: "Łódź Steel — Ősz Kft.", replacement: "Lódz Steel — Osz Kft."),
            VITransliteration(record: "vendor 00-LODZ", field: "City", original: "Łódź", replacement: "Lódz"),
        ])
    }

    @Test func transliterationTable() {
        #expect(Windows1252Transliterator.transliterate("ł").text == "l")
        #expect(Windows1252Transliterator.transliterate("Ő").text == "O")
        #expect(Windows1252Transliterator.transliterate("a → b").text == "a -> b")
        #expect(Windows1252Transliterator.transliterate("ﬁnal").text == "final")
        #expect(Windows1252Transliterator.transliterate("ＡＢＣ").text == "ABC")
        let kept = Windows1252Transliterator.transliterate("—")
        #expect(kept.text == "—" && !kept.changed)
        let composed = Windows1252Transliterator.transliterate("Cafe\u{301}")
        #expect(composed.text == "Café" && !composed.changed)
        let cjk = Windows1252Transliterator.transliterate("山田建設")
        #expect(cjk.unmappable.count == 4)
    }

    @Test func unmappableCharacterIsAnErrorNotAQuestionMark() throws {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorName = "山田建設 Concrete"
        do {
            _ = try VIBatchWriter().render([vendor])
            Issue.record("CJK text was written")
        } catch let VIWriteError.invalidRecords(kind, problems) {
            #expect(kind == .vendors)
            #expect(problems.count == 1)
            #expect(problems[0].field == "VendorName")
            #expect(problems[0].kind == .unmappableCharacter)
            #expect(problems[0].record == "vendor 01-0001234")
            #expect(problems[0].message.contains("U+5C71"))
        }
    }

    @Test func rejectPolicyRefusesWhatTransliterateWouldReplace() throws {
        let writer = VIBatchWriter(configuration: VIWriterConfiguration(unmappable: .reject))
        do {
            _ = try writer.render([VIFixtures.vendors[2]])
            Issue.record("Ł was written under the reject policy")
        } catch let VIWriteError.invalidRecords(_, problems) {
            #expect(problems.map(\.field) == ["VendorName", "City"])
            #expect(problems[0].message.contains("'Ł' (U+0141)"))
            #expect(problems[0].message.contains("set unmappable characters to transliterate"))
        }
        // Text Windows-1252 can hold passes unchanged under either policy.
        let plain = try writer.render([VIFixtures.vendors[0]])
        #expect(plain.transliterations.isEmpty)
        #expect(plain.bytes == (try VIBatchWriter().render([VIFixtures.vendors[0]])).bytes)
    }

    // MARK: - Refusals

    /// A real name that starts like a formula is data for Sage: written unchanged (quoted only
    /// where RFC 4180 needs it) and read back the same.
    @Test(arguments: ["+1 Plumbing & Heating", "=Summit Steel Erectors", "@Home Interiors", "-Dash Electric",
                      "=HYPERLINK(\"http://x\")", "+A1+1"])
    func namesThatLookLikeFormulasAreWrittenUnchanged(_ name: String) throws {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorName = name
        let batch = try VIBatchWriter().render([vendor])
        let rows = try VICSV.parse(Windows1252.decode(batch.bytes))
        #expect(rows.first?.contains(name) == true, "\(rows)")
    }

    @Test func phoneNumbersWithPlusAreData() {
        #expect(!VIBatchWriter.looksLikeFormula("+49 711 555 0100"))
        #expect(!VIBatchWriter.looksLikeFormula("+1 (512) 555-0199"))
        #expect(VIBatchWriter.looksLikeFormula("+1+cmd|' /C calc'!A0"))
        #expect(VIBatchWriter.looksLikeFormula("+"))
        #expect(VIBatchWriter.looksLikeFormula("=1"))
        #expect(!VIBatchWriter.looksLikeFormula("-1"))
        #expect(!VIBatchWriter.looksLikeFormula("Plus+"))
    }

    @Test func minusSignAndFormulaCharactersAreData() throws {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorName = "- see remit address"
        #expect(try VIBatchWriter().render([vendor]).recordCount == 1)
        vendor.vendorName = "=Plus Concrete"
        let text = Windows1252.decode(try VIBatchWriter().render([vendor]).bytes)
        #expect(text.contains(",=Plus Concrete,"))
    }

    @Test func controlCharactersAreRefused() throws {
        var vendor = VIFixtures.vendors[1]
        vendor.addressLine1 = "100 Main\u{0} St"
        #expect(throws: VIWriteError.self) { try VIBatchWriter().render([vendor]) }
    }

    @Test func invalidRecordsAreAllReportedAndNothingIsWritten() throws {
        var invoices = VIFixtures.apInvoices
        invoices[0].vendorNo = "TOOLONGVENDOR"
        invoices[1].lines[0].distributionAmt = VIFixtures.money("-150.755")
        invoices[1].invoiceAmt = VIFixtures.money("-150.755")
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("ap-invoices.csv")
        do {
            _ = try VIBatchWriter().write(invoices, to: url)
            Issue.record("an invalid batch was written")
        } catch let error as VIWriteError {
            guard case .invalidRecords(_, let problems) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(problems.contains { $0.field == "VendorNo" && $0.kind == .fieldLimit(.tooLong) })
            #expect(problems.contains { $0.field == "InvoiceAmt" && $0.kind == .notRepresentable })
            #expect(problems.contains { $0.field == "DistributionAmt" && $0.kind == .notRepresentable })
            #expect("\(error)".contains("VendorNo is 13 characters; Sage 100 allows 7"))
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func transliterationThatMakesAFieldTooLongIsCaught() throws {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorName = String(repeating: "a", count: 28) + "→"  // 29 characters, 30 written: fits
        #expect(try VIBatchWriter().render([vendor]).transliterations.count == 1)
        vendor.vendorName = String(repeating: "a", count: 29) + "→"  // 30 characters, 31 written
        #expect(throws: VIWriteError.self) { try VIBatchWriter().render([vendor]) }
    }

    @Test func duplicateKeysInABatchAreRefused() throws {
        let invoices = [VIFixtures.apInvoices[0], VIFixtures.apInvoices[0]]
        do {
            _ = try VIBatchWriter().render(invoices)
            Issue.record("duplicate invoice written")
        } catch let VIWriteError.invalidRecords(_, problems) {
            #expect(problems.count == 1)
            #expect(problems[0].message.contains("appears twice in the batch"))
        }
    }

    @Test func kindMismatchAndEmptyBatch() throws {
        #expect(throws: VIWriteError.self) {
            try VIBatchWriter().render(.apInvoices, records: [VIFixtures.vendors[0]])
        }
        #expect(throws: VIWriteError.self) { try VIBatchWriter().render([APVendor]()) }
    }

    // MARK: - Files on disk

    @Test func writesAtomicallyAndDescribesTheFile() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("manual-checks.csv")
        try Data("old content".utf8).write(to: url)
        let file = try VIBatchWriter().write(VIFixtures.manualChecks, to: url)
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(file.path == url)
        #expect(file.kind == .manualChecks)
        #expect(file.byteCount == bytes.count)
        #expect(file.recordCount == 2)
        #expect(file.lineCount == 8)
        #expect(file.controlTotal == VIFixtures.money("12750.50"))
        #expect(file.sha256 == SHA256Digest.hex(bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["manual-checks.csv"])
        let json = try JSONEncoder().encode(file)
        #expect(String(decoding: json, as: UTF8.self).contains(#""control_total":"12750.50""#))
        #expect(try JSONDecoder().decode(VIBatchFile.self, from: json) == file)
    }

    @Test(arguments: [".hidden.csv", "..", "bad\u{7}name.csv"])
    func hostileFileNamesAreRefused(_ name: String) throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        #expect(throws: VIWriteError.self) { try VIBatchWriter().write(VIFixtures.vendors, to: url) }
    }

    @Test func missingFolderIsAClearError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-ml-connector-\(UUID().uuidString)/vendors.csv")
        do {
            _ = try VIBatchWriter().write(VIFixtures.vendors, to: url)
            Issue.record("wrote into a missing folder")
        } catch {
            #expect("\(error)".contains("could not create"))
            #expect("\(error)".contains("check the folder exists"))
        }
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256Digest.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // MARK: - docs/formats.md agrees with the code

    @Test func documentedLayoutMatchesCode() throws {
        let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/formats.md").standardized
        let doc = try String(contentsOf: docURL, encoding: .utf8)
        var documented: [SageDocumentKind: [[String]]] = [:]
        var current: SageDocumentKind?
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                let title = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                current = SageDocumentKind(rawValue: title)
                continue
            }
            guard let kind = current, line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = cells.first, Int(first) != nil else { continue }
            documented[kind, default: []].append(cells.map { $0.replacingOccurrences(of: "`", with: "") })
        }
        var expectedTables: [String] = []
        var allMatch = true
        for layout in VILayout.all {
            let expected = layout.columns.map { column in
                [String(column.number), column.level.recordType, column.field,
                 column.number == 1 ? "literal \(column.level.recordType)" : column.format.documentedName,
                 column.limit?.limitDescription ?? "required"]
            }
            expectedTables.append("### \(layout.kind.rawValue)\n\n| Column | Record type | Sage field | Format | Sage limit |\n|---|---|---|---|---|\n"
                + expected.map { "| \($0[0]) | `\($0[1])` | `\($0[2])` | \($0[3]) | \($0[4]) |" }.joined(separator: "\n"))
            if documented[layout.kind] != expected { allMatch = false }
            #expect(documented[layout.kind] == expected, "docs/formats.md table for \(layout.kind) differs")
        }
        if !allMatch || ProcessInfo.processInfo.environment["ML_CONNECTOR_PRINT_LAYOUT"] == "1" {
            print("Expected layout tables for docs/formats.md:\n\n" + expectedTables.joined(separator: "\n\n"))
        }
    }

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
