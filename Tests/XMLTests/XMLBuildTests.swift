import Testing
import XML

@Suite("XML building and serialization")
struct XMLBuildTests {
    static let soapURI = "http://schemas.xmlsoap.org/soap/envelope/"
    static let appURI = "urn:example:orders"

    private func sampleDocument() throws -> XMLDocument {
        let document = XMLDocument()
        let root = try document.createRoot(name: "Envelope", namespace: XMLNamespace(prefix: "soap", uri: Self.soapURI))
        try root.declareNamespace(prefix: "o", uri: Self.appURI)
        let body = try root.addChild(name: "Body", namespace: XMLNamespace(prefix: "soap", uri: Self.soapURI))
        let order = try body.addChild(name: "Order", namespace: XMLNamespace(prefix: "o", uri: Self.appURI))
        try order.setAttribute(name: "id", value: "42")
        try order.addChild(name: "Customer", namespace: XMLNamespace(prefix: "o", uri: Self.appURI), text: "Acme")
        return document
    }

    @Test("namespaced document serializes with declaration and reuses in-scope prefixes")
    func serializeWithNamespaces() throws {
        let text = try sampleDocument().serializedString()
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        #expect(text.contains("<soap:Envelope xmlns:soap=\"\(Self.soapURI)\" xmlns:o=\"\(Self.appURI)\">"))
        #expect(text.contains("<soap:Body><o:Order id=\"42\"><o:Customer>Acme</o:Customer></o:Order></soap:Body>"))
        // Each namespace declared exactly once.
        #expect(text.split(separator: "xmlns:o=", omittingEmptySubsequences: false).count == 2)
    }

    @Test("build, serialize, parse and serialize again gives the same bytes")
    func roundTrip() throws {
        let first = try sampleDocument().serialize(indent: true)
        let reparsed = try XMLDocument.parse(bytes: first)
        let second = try reparsed.serialize(indent: true)
        #expect(first == second)
        let order = try #require(reparsed.root?.children.first?.children.first)
        #expect(order.name == "Order")
        #expect(order.namespaceURI == Self.appURI)
        #expect(order.attribute("id") == "42")
        #expect(order.firstChild(named: "Customer", namespaceURI: Self.appURI)?.text == "Acme")
    }

    @Test("serialization is deterministic across independently built documents")
    func deterministic() throws {
        let a = try sampleDocument().serialize()
        let b = try sampleDocument().serialize()
        #expect(a == b)
        #expect(!a.isEmpty)
    }

    @Test("indent puts nested elements on their own lines")
    func indentation() throws {
        let text = try sampleDocument().serializedString(indent: true)
        #expect(text.contains("\n  <soap:Body>\n    <o:Order id=\"42\">\n      <o:Customer>Acme</o:Customer>"))
    }

    @Test("text and attributes escape & < > \" and keep ' and non-ASCII intact")
    func escaping() throws {
        let hostile = "Smith & Sons <b>\"quoted\"</b> it's > 5 — Zürich 東京 🏗"
        let document = try XMLDocument(rootName: "r")
        let root = try #require(document.root)
        try root.addChild(name: "t", text: hostile)
        try root.setAttribute(name: "a", value: hostile)
        let text = try document.serializedString()
        #expect(text.contains("<t>Smith &amp; Sons &lt;b&gt;\"quoted\"&lt;/b&gt; it's &gt; 5 — Zürich 東京 🏗</t>"))
        #expect(text.contains("a=\"Smith &amp; Sons &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; it's &gt; 5 — Zürich 東京 🏗\""))
        // Entity-looking text is data, not a reference.
        try root.addChild(name: "e", text: "&amp; &lt;")
        let reparsed = try XMLDocument.parse(bytes: try document.serialize())
        #expect(reparsed.root?.firstChild(named: "t")?.text == hostile)
        #expect(reparsed.root?.attribute("a") == hostile)
        #expect(reparsed.root?.firstChild(named: "e")?.text == "&amp; &lt;")
    }

    @Test("control characters are refused with the element named")
    func controlCharacters() throws {
        let document = try XMLDocument(rootName: "r")
        let root = try #require(document.root)
        let child = try root.addChild(name: "VendorName")
        #expect(throws: XMLError.invalidCharacter(context: "Text of <VendorName>", scalar: 0x1, offset: 3)) {
            try child.setText("Bad\u{01}name")
        }
        #expect(throws: XMLError.self) { try root.setAttribute(name: "x", value: "a\u{0B}b") }
    }

    @Test("invalid element and attribute names are refused")
    func invalidNames() throws {
        let document = try XMLDocument(rootName: "r")
        let root = try #require(document.root)
        #expect(throws: XMLError.invalidName("1abc", kind: "element")) { try root.addChild(name: "1abc") }
        #expect(throws: XMLError.invalidName("a b", kind: "element")) { try root.addChild(name: "a b") }
        #expect(throws: XMLError.invalidName("", kind: "attribute")) { try root.setAttribute(name: "", value: "v") }
        #expect(throws: XMLError.self) { try XMLDocument(rootName: "<x>") }
    }

    @Test("an unqualified child under a default namespace undeclares it")
    func defaultNamespace() throws {
        let document = try XMLDocument(rootName: "root", namespace: XMLNamespace(prefix: nil, uri: "urn:d"))
        let root = try #require(document.root)
        try root.addChild(name: "inDefault", namespace: XMLNamespace(prefix: nil, uri: "urn:d"))
        try root.addChild(name: "noNamespace")
        let reparsed = try XMLDocument.parse(bytes: try document.serialize())
        let children = try #require(reparsed.root?.children)
        #expect(children.map(\.namespaceURI) == ["urn:d", nil])
    }

    @Test("conflicting prefix on the same element is refused")
    func prefixConflict() throws {
        let document = try XMLDocument(rootName: "r")
        let root = try #require(document.root)
        try root.declareNamespace(prefix: "p", uri: "urn:one")
        try root.declareNamespace(prefix: "p", uri: "urn:one")  // same binding: fine
        #expect(throws: XMLError.namespaceConflict(prefix: "p", existingURI: "urn:one", requestedURI: "urn:two")) {
            try root.declareNamespace(prefix: "p", uri: "urn:two")
        }
    }

    @Test("replacing text or the root keeps earlier element values usable")
    func detachedNodesStayValid() throws {
        let document = try XMLDocument(rootName: "first")
        let oldRoot = try #require(document.root)
        let child = try oldRoot.addChild(name: "child", text: "x")
        try oldRoot.setText("replaced")
        #expect(child.name == "child")
        #expect(child.text == "x")
        try document.createRoot(name: "second")
        #expect(oldRoot.name == "first")
        #expect(document.root?.name == "second")
        #expect(try document.serializedString() == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<second/>\n")
    }

    @Test("a document declared in ISO-8859-1 is read correctly and written as UTF-8")
    func latin1Input() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>Z".utf8)
        bytes.append(0xFC)  // ü in Latin-1
        bytes += Array("rich</r>".utf8)
        let document = try XMLDocument.parse(bytes: bytes)
        #expect(document.root?.text == "Zürich")
        let text = try document.serializedString()
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        #expect(text.contains("<r>Zürich</r>"))
    }
}
