import Testing
import XML

@Suite("XSD validation")
struct XMLSchemaTests {
    let xsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:orders"
                   xmlns="urn:orders" elementFormDefault="qualified">
          <xs:element name="Order">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Customer" type="xs:string"/>
                <xs:element name="Total" type="xs:decimal"/>
              </xs:sequence>
              <xs:attribute name="no" type="xs:positiveInteger" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    @Test("a conforming document validates")
    func valid() throws {
        let schema = try XMLSchema(xsd)
        let document = try XMLDocument.parse(
            "<Order xmlns=\"urn:orders\" no=\"7\"><Customer>Acme</Customer><Total>12.50</Total></Order>")
        try schema.validate(document)
    }

    @Test("violations are listed with line numbers and paths")
    func invalid() throws {
        let schema = try XMLSchema(xsd)
        let text = """
            <Order xmlns="urn:orders" no="0">
              <Customer>Acme</Customer>
              <Total>twelve</Total>
            </Order>
            """
        do {
            try schema.validate(bytes: Array(text.utf8))
            Issue.record("validation should fail")
        } catch let error as XMLError {
            guard case .invalid(let diagnostics) = error else {
                Issue.record("expected .invalid, got \(error)")
                return
            }
            #expect(diagnostics.count == 2)
            #expect(diagnostics.contains { $0.line == 1 && $0.message.contains("'no'") })
            #expect(diagnostics.contains { $0.line == 3 && $0.message.contains("Total") })
            #expect(error.description.contains("line 3"))
        }
    }

    @Test("built documents validate too; missing element is named")
    func builtDocument() throws {
        let schema = try XMLSchema(xsd)
        let document = try XMLDocument(rootName: "Order", namespace: XMLNamespace(prefix: nil, uri: "urn:orders"))
        let root = try #require(document.root)
        try root.setAttribute(name: "no", value: "3")
        try root.addChild(name: "Customer", namespace: XMLNamespace(prefix: nil, uri: "urn:orders"), text: "A")
        #expect(throws: XMLError.self) { try schema.validate(document) }
        try root.addChild(name: "Total", namespace: XMLNamespace(prefix: nil, uri: "urn:orders"), text: "1")
        try schema.validate(document)
    }

    @Test("a broken schema and a schema with a DOCTYPE are refused")
    func badSchemas() throws {
        #expect(throws: XMLError.self) {
            try XMLSchema("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element/></xs:schema>")
        }
        do {
            _ = try XMLSchema("<!DOCTYPE xs:schema [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + xsd)
            Issue.record("DOCTYPE in schema should be refused")
        } catch let error as XMLError {
            #expect({ if case .dtdNotAllowed = error { return true }; return false }())
        }
    }

    @Test("schema imports from files or the network load nothing")
    func importsRefused() throws {
        let importing = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a" xmlns:b="urn:b">
              <xs:import namespace="urn:b" schemaLocation="http://127.0.0.1:9/b.xsd"/>
              <xs:element name="A"><xs:complexType><xs:sequence><xs:element ref="b:B"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """
        #expect(throws: XMLError.self) { try XMLSchema(importing) }
    }

    @Test("the built-in SOAP envelope schema can be imported and requires a declared body element")
    func builtInEnvelope() throws {
        let xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ops"
                       xmlns="urn:ops" elementFormDefault="qualified">
              <xs:import namespace="http://schemas.xmlsoap.org/soap/envelope/"
                         schemaLocation="\(XMLBuiltInSchema.soapEnvelopeRequest.location)"/>
              <xs:element name="Ping"><xs:complexType><xs:sequence>
                <xs:element name="id" type="xs:int"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """
        let schema = try XMLSchema(xsd)
        let envelope = { (body: String) in
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"urn:ops\"><s:Body>\(body)</s:Body></s:Envelope>"
        }
        try schema.validate(bytes: Array(envelope("<Ping><id>1</id></Ping>").utf8))
        #expect(throws: XMLError.self) { try schema.validate(bytes: Array(envelope("<Pong/>").utf8)) }
        #expect(throws: XMLError.self) { try schema.validate(bytes: Array(envelope("").utf8)) }
        #expect(throws: XMLError.self) { try schema.validate(bytes: Array(envelope("<Ping><id>x</id></Ping>").utf8)) }
    }

    @Test("one schema validates from many tasks at once")
    func concurrentValidation() async throws {
        let schema = try XMLSchema(xsd)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let total = index.isMultiple(of: 2) ? "\(index).25" : "bad"
                    let text = "<Order xmlns=\"urn:orders\" no=\"\(index + 1)\"><Customer>C</Customer><Total>\(total)</Total></Order>"
                    let valid = (try? schema.validate(bytes: Array(text.utf8))) != nil
                    return valid == index.isMultiple(of: 2)
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 24 && outcomes.allSatisfy { $0 })
    }
}
