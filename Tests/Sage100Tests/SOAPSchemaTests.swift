import Foundation
import Sage100
import Testing
import XML

@Suite("SOAP envelopes validate against docs/ebusiness-envelopes.xsd")
struct SOAPSchemaTests {
    /// docs/ebusiness-envelopes.xsd, found from this file's location in the repository.
    static func schemaText() throws -> String {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: repository.appendingPathComponent("docs/ebusiness-envelopes.xsd"), encoding: .utf8)
    }

    static func schema(namespaceURI: String = EBusinessConfiguration.sandboxNamespaceURI) throws -> XMLSchema {
        let text = try schemaText().replacingOccurrences(of: EBusinessConfiguration.sandboxNamespaceURI, with: namespaceURI)
        return try XMLSchema(text)
    }

    @Test("every operation's envelope is valid, redacted and with the real password", arguments: SOAPFixtures.allCalls)
    func everyOperationValidates(call: EBusinessCall) throws {
        let schema = try Self.schema()
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let envelope = try builder.envelope(call)
        try schema.validate(bytes: envelope.bytes)
        try schema.validate(bytes: try envelope.withPassword(SOAPFixtures.password))
    }

    @Test("envelopes for an installation's own namespace validate against the schema for that namespace")
    func otherNamespace() throws {
        let uri = "http://sage.example/ebusiness/v1"
        let schema = try Self.schema(namespaceURI: uri)
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration(namespaceURI: uri))
        try schema.validate(bytes: try builder.createSalesOrder(SOAPFixtures.salesOrder).bytes)
        // And an envelope in the sandbox namespace does not.
        let sandbox = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        #expect(throws: XMLError.self) { try schema.validate(bytes: try sandbox.getNextCustomerNo().bytes) }
    }

    @Test("broken envelopes fail validation with the problem located", arguments: [
        ("<eb:companyCode>ABC</eb:companyCode>", "", "companyCode"),
        ("<eb:companyCode>ABC</eb:companyCode>", "<eb:companyCode>ABCD</eb:companyCode>", "companyCode"),
        ("<eb:OrderDate>20260131</eb:OrderDate>", "<eb:OrderDate>2026-01-31</eb:OrderDate>", "OrderDate"),
        ("<eb:UnitPrice>0.33</eb:UnitPrice>", "<eb:UnitPrice>0.330</eb:UnitPrice>", "UnitPrice"),
        ("<eb:Lines>", "<eb:Lines><eb:Unexpected/>", "Unexpected"),
        ("<eb:CreateSalesOrder>", "<eb:CreateSalesOrder><eb:logon/>", "logon"),
    ])
    func brokenEnvelopes(original: String, replacement: String, mentioned: String) throws {
        let schema = try Self.schema()
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let text = try builder.createSalesOrder(SOAPFixtures.salesOrder).text
        #expect(text.contains(original))
        let broken = text.replacingOccurrences(of: original, with: replacement)
        do {
            try schema.validate(bytes: Array(broken.utf8))
            Issue.record("broken envelope validated")
        } catch let error as XMLError {
            guard case .invalid(let diagnostics) = error else {
                Issue.record("expected .invalid, got \(error)")
                return
            }
            #expect(diagnostics.contains { $0.message.contains(mentioned) && $0.line > 0 }, "\(diagnostics)")
        }
    }

    @Test("an unknown operation element in the body fails validation")
    func unknownOperation() throws {
        let schema = try Self.schema()
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let text = try builder.getNextCustomerNo().text.replacingOccurrences(of: "GetNextCustomerNo", with: "DeleteCustomer")
        #expect(throws: XMLError.self) { try schema.validate(bytes: Array(text.utf8)) }
    }
}
