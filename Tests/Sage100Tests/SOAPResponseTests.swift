import Foundation
import Sage100
import Testing
import XML

@Suite("SOAP eBusiness responses and faults")
struct SOAPResponseTests {
    let namespace = EBusinessConfiguration.sandboxNamespaceURI

    @Test("typed results round-trip through the response builder and parser")
    func results() throws {
        let info = EBusinessContractInformation(
            contractVersion: "1.0", assemblyVersion: "6.20.0.1", nullDateTime: "1753-01-01T00:00:00")
        let cases: [(EBusinessOperation, EBusinessResult)] = [
            (.getContractInformation, .contractInformation(info)),
            (.getCustomer, .customer(SOAPFixtures.customer)),
            (.getNextCustomerNo, .nextNumber("OWNER02")),
            (.getNextSalesOrderNo, .nextNumber("0000124")),
            (.getSalesOrder, .salesOrder(SOAPFixtures.salesOrder)),
            (.createCustomer, .accepted("01-OWNER01")),
            (.createSalesOrder, .accepted("0000123")),
            (.updateSalesOrder, .accepted(nil)),
        ]
        for (operation, result) in cases {
            let bytes = try EBusinessResponse.result(result, operation: operation, namespaceURI: namespace)
            let parsed = try EBusinessResponse.parse(bytes: bytes, operation: operation, namespaceURI: namespace)
            #expect(parsed == result, "\(operation)")
            #expect(try EBusinessResponse.fault(in: bytes) == nil)
        }
    }

    @Test("sales order amounts are read exactly, not through floating point")
    func exactAmounts() throws {
        let bytes = try EBusinessResponse.result(.salesOrder(SOAPFixtures.salesOrder), operation: .getSalesOrder, namespaceURI: namespace)
        let order = try #require(try EBusinessResponse.parse(bytes: bytes, operation: .getSalesOrder).salesOrder)
        #expect(order.lines.map(\.extensionAmt) == [Decimal(string: "125000.50")!, Decimal(string: "-12500.05")!, Decimal(string: "1.16")!])
        #expect(order.total == Decimal(string: "112501.61")!)
    }

    @Test("raw field results for custom answers")
    func rawFields() throws {
        let bytes = try EBusinessResponse.result(
            operation: .getContractInformation, namespaceURI: namespace,
            fields: [("ContractVersion", "2"), ("AssemblyVersion", "7.1"), ("NullDateTime", "")])
        let info = try #require(try EBusinessResponse.parse(bytes: bytes, operation: .getContractInformation).contractInformation)
        #expect(info == EBusinessContractInformation(contractVersion: "2", assemblyVersion: "7.1", nullDateTime: ""))
    }

    @Test("Sage faults map to typed errors")
    func faults() throws {
        let logon = "Logon failure: The user logon or password does not match or the user logon is not enabled for web services."
        let expectations: [(code: String, message: String, kind: EBusinessFault.Kind)] = [
            ("", logon, .logonFailure),
            ("CI_NoKey", "The CustomerNo is required.", .noKey),
            ("CI_NOF", "Customer 01-NOPE is not on file.", .notFound),
            ("CI_CharLength", "CustomerName exceeds 30 characters.", .fieldTooLong),
            ("WS_AlreadyExists", "Customer 01-OWNER01 already exists.", .alreadyExists),
            ("", "An exception occurred.", .exception),
            ("XX_Other", "Something else.", .other),
        ]
        for expectation in expectations {
            let bytes = try EBusinessResponse.fault(code: expectation.code, message: expectation.message, namespaceURI: namespace)
            let fault = try #require(try EBusinessResponse.fault(in: bytes))
            #expect(fault.kind == expectation.kind)
            #expect(fault.faultString == expectation.message)
            #expect(fault.detail == (expectation.code.isEmpty ? nil : expectation.code))
            do {
                _ = try EBusinessResponse.parse(bytes: bytes, operation: .getCustomer, namespaceURI: namespace)
                Issue.record("a fault parsed as a result")
            } catch let error as EBusinessError {
                #expect(error.fault == fault)
                switch (expectation.kind, error) {
                case (.logonFailure, .logonFailure), (.noKey, .noKey), (.notFound, .notFound),
                    (.fieldTooLong, .fieldTooLong), (.alreadyExists, .alreadyExists),
                    (.exception, .serviceException), (.other, .fault):
                    break
                default:
                    Issue.record("\(expectation.kind) mapped to \(error)")
                }
            }
        }
        let logonBytes = try EBusinessResponse.fault(code: "", message: logon)
        #expect(try EBusinessResponse.fault(in: logonBytes)?.faultCode == "soap:Client")
        let exceptionBytes = try EBusinessResponse.fault(code: "", message: "An exception occurred.")
        #expect(try EBusinessResponse.fault(in: exceptionBytes)?.faultCode == "soap:Server")
    }

    @Test("a fault written by another SOAP stack (code in faultstring, other prefix) is recognised")
    func foreignFault() throws {
        let text = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
            <faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:InternalServiceFault</faultcode>
            <faultstring xml:lang="en-US">CI_NOF: The record is not on file.</faultstring>
            </s:Fault></s:Body></s:Envelope>
            """
        #expect(throws: EBusinessError.notFound(EBusinessFault(
            faultCode: "a:InternalServiceFault", faultString: "CI_NOF: The record is not on file.", detail: nil)))
        {
            try EBusinessResponse.parse(bytes: Array(text.utf8), operation: .getCustomer)
        }
    }

    @Test("error descriptions say what to do and never carry the password")
    func descriptions() throws {
        let bytes = try EBusinessResponse.fault(
            code: "", message: "Logon failure: The user logon or password does not match or the user logon is not enabled for web services.")
        do {
            _ = try EBusinessResponse.parse(bytes: bytes, operation: .getNextCustomerNo)
        } catch let error as EBusinessError {
            #expect(error.description.contains("Check the user name and password"))
            #expect(!error.description.contains(SOAPFixtures.password.revealed))
        }
    }

    @Test("responses with a DOCTYPE are refused before any entity is read")
    func xxeResponse() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="urn:ml-connector:sage100:ebusiness">
            <soap:Body><eb:GetNextCustomerNoResponse><eb:GetNextCustomerNoResult>&x;</eb:GetNextCustomerNoResult>
            </eb:GetNextCustomerNoResponse></soap:Body></soap:Envelope>
            """
        do {
            _ = try EBusinessResponse.parse(bytes: Array(text.utf8), operation: .getNextCustomerNo)
            Issue.record("XXE accepted")
        } catch let error as EBusinessError {
            guard case .xml(let xmlError) = error, case .dtdNotAllowed = xmlError else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("DTD not allowed"))
        }
    }

    @Test("wrong or incomplete results are reported, naming what is missing")
    func malformedResults() throws {
        let other = try EBusinessResponse.result(.nextNumber("X"), operation: .getNextSalesOrderNo, namespaceURI: namespace)
        #expect(throws: EBusinessError.self) { try EBusinessResponse.parse(bytes: other, operation: .getNextCustomerNo) }
        let wrongNamespace = try EBusinessResponse.result(.nextNumber("X"), operation: .getNextCustomerNo, namespaceURI: "urn:other")
        #expect(throws: EBusinessError.self) {
            try EBusinessResponse.parse(bytes: wrongNamespace, operation: .getNextCustomerNo, namespaceURI: namespace)
        }
        let empty = try EBusinessResponse.result(.nextNumber(""), operation: .getNextCustomerNo, namespaceURI: namespace)
        #expect(throws: EBusinessError.self) { try EBusinessResponse.parse(bytes: empty, operation: .getNextCustomerNo) }

        let badAmount = try EBusinessResponse.result(
            .salesOrder(SOAPFixtures.salesOrder), operation: .getSalesOrder, namespaceURI: namespace)
        let tampered = String(decoding: badAmount, as: UTF8.self).replacingOccurrences(of: "0.33", with: "0.3x")
        do {
            _ = try EBusinessResponse.parse(bytes: Array(tampered.utf8), operation: .getSalesOrder)
            Issue.record("bad amount accepted")
        } catch let error as EBusinessError {
            #expect(error.description.contains("sales order 0000123 line 3: UnitPrice is '0.3x', not a decimal number"))
        }
        let noCustomerNo = try EBusinessResponse.result(
            operation: .getCustomer, namespaceURI: namespace, fields: [("ARDivisionNo", "01")])
        do {
            _ = try EBusinessResponse.parse(bytes: noCustomerNo, operation: .getCustomer)
            Issue.record("customer without number accepted")
        } catch let error as EBusinessError {
            #expect(error.description.contains("has no <CustomerNo>"))
        }
        #expect(throws: EBusinessError.self) { try EBusinessResponse.parse(bytes: Array("not xml".utf8), operation: .getCustomer) }
    }
}
