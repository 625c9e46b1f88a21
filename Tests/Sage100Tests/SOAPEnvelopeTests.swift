import Foundation
import Sage100
import Testing
import XML

@Suite("SOAP eBusiness request envelopes")
struct SOAPEnvelopeTests {
    let ns = ["soap": "http://schemas.xmlsoap.org/soap/envelope/", "eb": EBusinessConfiguration.sandboxNamespaceURI]

    @Test("every operation covered by the fixtures")
    func coverage() {
        #expect(Set(SOAPFixtures.allCalls.map(\.operation)) == Set(EBusinessOperation.allCases))
    }

    @Test("each envelope carries logon, companyCode and arguments in order, and parses back", arguments: SOAPFixtures.allCalls)
    func structureAndRoundTrip(call: EBusinessCall) throws {
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let envelope = try builder.envelope(call)
        let document = try XMLDocument.parse(bytes: envelope.bytes)
        let operation = try #require(try document.elements(xpath: "/soap:Envelope/soap:Body/eb:*", namespaces: ns).first)
        #expect(operation.name == call.operation.rawValue)
        let names = operation.children.map(\.name)
        #expect(Array(names.prefix(2)) == ["logon", "companyCode"])
        #expect(try document.string(xpath: "//eb:logon/eb:Username", namespaces: ns) == "webuser")
        #expect(try document.string(xpath: "//eb:companyCode", namespaces: ns) == "ABC")

        let parsed = try EBusinessRequest.parse(bytes: envelope.bytes, namespaceURI: EBusinessConfiguration.sandboxNamespaceURI)
        #expect(parsed.arguments == call)
        #expect(parsed.operation == call.operation)
        #expect(parsed.companyCode == "ABC")
        #expect(parsed.logon.username == "webuser")
        #expect(parsed.logon.password == .redacted)
    }

    @Test("GetCustomer argument order is customerNo then arDivisionNo")
    func getCustomerArguments() throws {
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let envelope = try builder.getCustomer(customerNo: "C1", arDivisionNo: "02")
        let document = try XMLDocument.parse(bytes: envelope.bytes)
        let names = try document.elements(xpath: "//eb:GetCustomer/*", namespaces: ns).map(\.name)
        #expect(names == ["logon", "companyCode", "customerNo", "arDivisionNo"])
        #expect(envelope.soapAction == EBusinessConfiguration.sandboxNamespaceURI + "/GetCustomer")
    }

    @Test("redacted envelopes hold ******** and never the password; withPassword inserts it")
    func passwordRedaction() throws {
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let envelope = try builder.createCustomer(SOAPFixtures.customer, password: .redacted)
        #expect(envelope.isRedacted)
        #expect(envelope.text.contains("<eb:Password>********</eb:Password>"))
        #expect(!envelope.text.contains("s3cr3t"))

        let wire = try envelope.withPassword(SOAPFixtures.password)
        let wireText = String(decoding: wire, as: UTF8.self)
        #expect(wireText.contains("<eb:Password>s3cr3t-P@ss&amp;&lt;word&gt;</eb:Password>"))
        let parsed = try EBusinessRequest.parse(bytes: wire)
        #expect(parsed.logon.password == .secret(SOAPFixtures.password))
        #expect(parsed.logon.matches(username: "WEBUSER", password: SOAPFixtures.password))
        #expect(!parsed.logon.matches(username: "webuser", password: Secret("wrong")))
        #expect(try !EBusinessRequest.parse(bytes: envelope.bytes).logon.matches(username: "webuser", password: Secret("********")))
        // The envelope value itself still holds only the placeholder.
        #expect(!envelope.text.contains("s3cr3t"))

        // A redacted envelope read back from disk can be sent.
        let reloaded = try EBusinessEnvelope(bytes: envelope.bytes, namespaceURI: EBusinessConfiguration.sandboxNamespaceURI)
        #expect(try reloaded.withPassword(SOAPFixtures.password) == wire)
    }

    @Test("secrets do not print")
    func secretsDoNotPrint() throws {
        let secret = SOAPFixtures.password
        let logon = EBusinessLogon(username: "webuser", password: .secret(secret))
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let request = try EBusinessRequest.parse(bytes: try builder.getNextCustomerNo().withPassword(secret))
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), "\(logon)",
            "\(EBusinessPassword.secret(secret))", String(reflecting: request)]
        {
            #expect(!text.contains("s3cr3t"), "leaked in: \(text)")
        }
        var dumped = ""
        dump(logon, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        #expect("\(secret)" == "********")
        #expect(secret.revealed == "s3cr3t-P@ss&<word>")
    }

    @Test("amounts are written with exactly two decimals")
    func amounts() throws {
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let document = try XMLDocument.parse(bytes: try builder.createSalesOrder(SOAPFixtures.salesOrder).bytes)
        let lines = "//eb:salesOrder/eb:Lines/eb:SalesOrderLine"
        let values = try document.nodes(xpath: "\(lines)/eb:Quantity | \(lines)/eb:UnitPrice | \(lines)/eb:ExtensionAmt", namespaces: ns)
            .map(\.text)
        #expect(values == ["1.00", "125000.50", "125000.50", "-1.00", "12500.05", "-12500.05", "3.50", "0.33", "1.16"])
        #expect(SOAPFixtures.salesOrder.total == Decimal(string: "112501.61")!)
    }

    @Test("more than two decimals is refused, naming record, line and field")
    func tooManyDecimals() throws {
        var order = SOAPFixtures.salesOrder
        order.lines[1].unitPrice = Decimal(string: "12500.055")!
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        #expect(throws: EBusinessError.invalidInput(
            record: "sales order 0000123 line 2", field: "UnitPrice",
            message: "12500.055 has more than 2 decimals; round it in the source before sending"))
        {
            try builder.createSalesOrder(order)
        }
    }

    @Test("an extension that does not equal quantity x price is refused")
    func extensionMismatch() throws {
        var order = SOAPFixtures.salesOrder
        order.lines[2].extensionAmt = Decimal(string: "1.15")!
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        do {
            _ = try builder.updateSalesOrder(order)
            Issue.record("mismatch accepted")
        } catch let error as EBusinessError {
            guard case .invalidInput(let record, let field, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(record == "sales order 0000123 line 3")
            #expect(field == "ExtensionAmt")
            #expect(message.contains("1.15") && message.contains("1.16"))
        }
    }

    @Test("bad dates, empty keys and control characters are refused with the field named")
    func badInput() throws {
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        var order = SOAPFixtures.salesOrder
        order.orderDate = "20260230"
        #expect(throws: EBusinessError.invalidInput(
            record: "sales order 0000123", field: "OrderDate",
            message: "'20260230' is not a date in YYYYMMDD form (e.g. 20260131)"))
        {
            try builder.createSalesOrder(order)
        }
        #expect(throws: EBusinessError.invalidInput(record: "GetCustomer request", field: "customerNo", message: "is required and is empty")) {
            try builder.getCustomer(customerNo: " ", arDivisionNo: "01")
        }
        var customer = SOAPFixtures.customer
        customer.customerName = "Bad\u{07}Name"
        do {
            _ = try builder.createCustomer(customer)
            Issue.record("control character accepted")
        } catch let error as EBusinessError {
            guard case .invalidInput(let record, let field, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(record == "customer 01-OWNER01")
            #expect(field == "CustomerName")
        }
    }

    @Test("configuration is validated")
    func configuration() throws {
        #expect(throws: EBusinessError.self) {
            try EBusinessConfiguration(endpointURL: "https://x/ebusiness", companyCode: "ABCD", username: "u")
        }
        #expect(throws: EBusinessError.self) {
            try EBusinessConfiguration(endpointURL: "ftp://x", companyCode: "ABC", username: "u")
        }
        #expect(throws: EBusinessError.self) {
            try EBusinessConfiguration(endpointURL: "https://x", companyCode: "ABC", username: "")
        }
        let config = try EBusinessConfiguration(endpointURL: "https://x", companyCode: "abc", username: "u")
        #expect(config.companyCode == "ABC")
        // Decoding validates too.
        let good = Data(#"{"endpointURL":"https://x","companyCode":"XYZ","username":"u"}"#.utf8)
        #expect(try JSONDecoder().decode(EBusinessConfiguration.self, from: good).namespaceURI
            == EBusinessConfiguration.sandboxNamespaceURI)
        let bad = Data(#"{"endpointURL":"https://x","companyCode":"TOOLONG","username":"u"}"#.utf8)
        #expect(throws: EBusinessError.self) { try JSONDecoder().decode(EBusinessConfiguration.self, from: bad) }
    }

    @Test("requests with a DOCTYPE, the wrong namespace or an unknown operation are refused")
    func hostileRequests() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE soap:Envelope [<!ENTITY pw SYSTEM "file:///etc/passwd">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="urn:ml-connector:sage100:ebusiness">
            <soap:Body><eb:GetNextCustomerNo><eb:logon><eb:Username>&pw;</eb:Username><eb:Password/></eb:logon>
            <eb:companyCode>ABC</eb:companyCode></eb:GetNextCustomerNo></soap:Body></soap:Envelope>
            """
        do {
            _ = try EBusinessRequest.parse(bytes: Array(xxe.utf8))
            Issue.record("XXE accepted")
        } catch let error as EBusinessError {
            guard case .xml(.dtdNotAllowed) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        let bytes = try builder.getNextCustomerNo().bytes
        #expect(throws: EBusinessError.self) { try EBusinessRequest.parse(bytes: bytes, namespaceURI: "urn:other") }
        let unknown = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "GetNextCustomerNo", with: "DeleteEverything")
        do {
            _ = try EBusinessRequest.parse(bytes: Array(unknown.utf8))
            Issue.record("unknown operation accepted")
        } catch let error as EBusinessError {
            #expect(error.description.contains("unknown operation <DeleteEverything>"))
        }
    }

    @Test("same input gives the same envelope bytes")
    func deterministic() throws {
        let builder = EBusinessEnvelopeBuilder(configuration: try SOAPFixtures.configuration())
        #expect(try builder.createSalesOrder(SOAPFixtures.salesOrder).bytes == builder.createSalesOrder(SOAPFixtures.salesOrder).bytes)
    }
}
