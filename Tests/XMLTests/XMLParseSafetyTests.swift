import Testing
import XML

@Suite("Safe parsing: DTDs, entities, malformed input")
struct XMLParseSafetyTests {
    private func parseError(_ text: String) -> XMLError? {
        do {
            _ = try XMLDocument.parse(text)
            return nil
        } catch let error as XMLError {
            return error
        } catch {
            return nil
        }
    }

    @Test("XXE to a local file is refused before anything is read")
    func externalFileEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <x>&e;</x>
            """
        let error = try #require(parseError(xml))
        guard case .dtdNotAllowed(let line, _) = error else {
            Issue.record("expected dtdNotAllowed, got \(error)")
            return
        }
        #expect(line == 2)
        #expect(error.description.contains("DTD not allowed"))
        #expect(!error.description.contains("root:"))
    }

    @Test("billion laughs is refused without expansion")
    func billionLaughs() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        let clock = ContinuousClock()
        var error: XMLError?
        let elapsed = clock.measure { error = parseError(xml) }
        let refused = try #require(error)
        guard case .dtdNotAllowed = refused else {
            Issue.record("expected dtdNotAllowed, got \(refused)")
            return
        }
        #expect(elapsed < .seconds(1))
    }

    @Test("remote http external entity is refused with no network access")
    func remoteEntity() throws {
        let xml = """
            <!DOCTYPE r [<!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">]><r>&remote;</r>
            """
        let error = try #require(parseError(xml))
        guard case .dtdNotAllowed(let line, _) = error else {
            Issue.record("expected dtdNotAllowed, got \(error)")
            return
        }
        #expect(line == 1)
    }

    @Test("external DTD subset and parameter entities are refused")
    func externalSubset() throws {
        let xml = "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/r.dtd\"><r/>"
        let error = try #require(parseError(xml))
        #expect({ if case .dtdNotAllowed = error { return true }; return false }())
        let pe = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]><r/>"
        let peError = try #require(parseError(pe))
        #expect({ if case .dtdNotAllowed = peError { return true }; return false }())
    }

    @Test("an undeclared entity reference says entity not allowed")
    func undeclaredEntity() throws {
        let error = try #require(parseError("<r>\n  &passwd;\n</r>"))
        #expect(error == .entityNotAllowed(name: "passwd", line: 2, column: 11))
        #expect(error.description.contains("Entity not allowed"))
    }

    @Test("predefined and numeric references still work")
    func predefinedEntities() throws {
        let document = try XMLDocument.parse("<r a=\"&quot;x&quot;\">&lt;&amp;&gt;&apos;&#233;&#x1F3D7;</r>")
        #expect(document.root?.text == "<&>'é🏗")
        #expect(document.root?.attribute("a") == "\"x\"")
    }

    @Test("malformed XML reports line and column")
    func malformed() throws {
        let xml = "<?xml version=\"1.0\"?>\n<a>\n  <b>text</c>\n</a>"
        let error = try #require(parseError(xml))
        guard case .malformed(let diagnostic) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column > 0)
        #expect(diagnostic.message.contains("mismatch"))
        #expect(error.description.contains("line 3, column \(diagnostic.column)"))
    }

    @Test("empty, oversized and rootless inputs are refused")
    func limits() throws {
        #expect(throws: XMLError.empty) { try XMLDocument.parse(bytes: []) }
        let big = Array("<r>\(String(repeating: "x", count: 2_000))</r>".utf8)
        #expect(throws: XMLError.tooLarge(bytes: big.count, limit: 1_000)) {
            try XMLDocument.parse(bytes: big, limits: XMLParseLimits(maximumBytes: 1_000))
        }
        #expect(throws: XMLError.self) { try XMLDocument.parse("<?xml version=\"1.0\"?>") }
    }

    @Test("deep nesting beyond libxml2's limit is refused, not a crash")
    func deepNesting() throws {
        let depth = 5_000
        let xml = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let error = try #require(parseError(xml))
        guard case .malformed = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
    }

    @Test("parsing is safe from many tasks at once")
    func concurrentParsing() async throws {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let good = "<r><n>\(index)</n></r>"
                    let bad = "<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>"
                    let parsed = (try? XMLDocument.parse(good))?.root?.text == "\(index)"
                    let refused: Bool
                    do {
                        _ = try XMLDocument.parse(bad)
                        refused = false
                    } catch let error as XMLError {
                        if case .dtdNotAllowed = error { refused = true } else { refused = false }
                    } catch {
                        refused = false
                    }
                    return parsed && refused
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }
}
