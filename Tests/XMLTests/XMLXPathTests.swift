import Testing
import XML

@Suite("XPath")
struct XMLXPathTests {
    let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:x="urn:orders">
          <s:Body>
            <x:Orders>
              <x:Order no="1"><x:Total>10.00</x:Total></x:Order>
              <x:Order no="2"><x:Total>20.50</x:Total></x:Order>
            </x:Orders>
          </s:Body>
        </s:Envelope>
        """
    let ns = ["soap": "http://schemas.xmlsoap.org/soap/envelope/", "o": "urn:orders"]

    @Test("prefixes come from the caller's map, not the document")
    func namespacedNodes() throws {
        let document = try XMLDocument.parse(xml)
        let orders = try document.elements(xpath: "/soap:Envelope/soap:Body/o:Orders/o:Order", namespaces: ns)
        #expect(orders.count == 2)
        #expect(orders.map { $0.attribute("no") } == ["1", "2"])
        #expect(orders[1].line == 6)
        // Without the namespace the element does not match.
        #expect(try document.nodes(xpath: "//Order").isEmpty)
    }

    @Test("string values, attributes and functions")
    func strings() throws {
        let document = try XMLDocument.parse(xml)
        #expect(try document.string(xpath: "//o:Order[@no='2']/o:Total", namespaces: ns) == "20.50")
        #expect(try document.string(xpath: "count(//o:Order)", namespaces: ns) == "2")
        #expect(try document.string(xpath: "//o:Order[@no='9']/o:Total", namespaces: ns) == "")
        let attributes = try document.nodes(xpath: "//o:Order/@no", namespaces: ns)
        #expect(attributes.map(\.kind) == [.attribute, .attribute])
        #expect(attributes.map(\.text) == ["1", "2"])
        #expect(attributes.allSatisfy { $0.element == nil })
    }

    @Test("relative to an element")
    func relative() throws {
        let document = try XMLDocument.parse(xml)
        let order = try #require(try document.elements(xpath: "//o:Order[@no='1']", namespaces: ns).first)
        #expect(try order.string(xpath: "o:Total", namespaces: ns) == "10.00")
        #expect(try order.nodes(xpath: "../o:Order", namespaces: ns).count == 2)
    }

    @Test("bad expressions and unknown prefixes throw XMLError.xpath")
    func errors() throws {
        let document = try XMLDocument.parse(xml)
        #expect(throws: XMLError.self) { try document.nodes(xpath: "//o:Order[") }
        do {
            _ = try document.nodes(xpath: "//zz:Order")
            Issue.record("unknown prefix should fail")
        } catch let error as XMLError {
            guard case .xpath(let expression, let message) = error else {
                Issue.record("expected .xpath, got \(error)")
                return
            }
            #expect(expression == "//zz:Order")
            #expect(!message.isEmpty)
        }
    }
}
