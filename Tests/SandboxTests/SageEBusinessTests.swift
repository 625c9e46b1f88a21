import Foundation
import HTTP
import Sage100
import Sandbox
import Testing

@Suite("Sage agent simulator: eBusiness Web Services relay")
struct SageEBusinessTests {
    static func builder(_ h: SageAgentHarness, user: String = "webservice") throws -> EBusinessEnvelopeBuilder {
        EBusinessEnvelopeBuilder(configuration: try EBusinessConfiguration(
            endpointURL: h.url("/v1/companies/ABC/ebusiness"), companyCode: "ABC", username: user))
    }

    static func send(_ h: SageAgentHarness, _ envelope: EBusinessEnvelope, password: String = "sandbox-password") async throws -> HTTPResponse {
        var headers = h.headers()
        headers.add("Content-Type", EBusinessResponse.contentType)
        headers.add("SOAPAction", envelope.soapAction)
        return try await h.client.send(HTTPRequest(method: .post, url: h.url("/v1/companies/ABC/ebusiness"), headers: headers,
                                                   body: Data(try envelope.withPassword(Secret(password)))))
    }

    @Test func wrongPasswordIsALogonFailureFault() async throws {
        try await SageAgentHarness.with { h in
            let envelope = try Self.builder(h).getContractInformation()
            let response = try await Self.send(h, envelope, password: "guess")
            #expect(response.status == 500)
            let fault = try #require(try EBusinessResponse.fault(in: Array(response.body)))
            #expect(fault.kind == .logonFailure)
            #expect(fault.faultString.hasPrefix("Logon failure: The user logon or password does not match"))
            #expect(!response.text.contains("sandbox-password"))

            let redacted = try await h.client.send(HTTPRequest(method: .post, url: h.url("/v1/companies/ABC/ebusiness"),
                                                               headers: h.headers(), body: Data(envelope.bytes)))
            #expect(try EBusinessResponse.fault(in: Array(redacted.body))?.kind == .logonFailure,
                    "an envelope with the ******** placeholder never logs on")
        }
    }

    @Test func contractInformationAnswers() async throws {
        try await SageAgentHarness.with { h in
            let response = try await Self.send(h, try Self.builder(h).getContractInformation())
            #expect(response.status == 200)
            let info = try EBusinessResponse.parse(bytes: Array(response.body), operation: .getContractInformation)
            #expect(info.contractInformation?.contractVersion.isEmpty == false)
        }
    }

    @Test func createCustomerThenGetCustomer() async throws {
        try await SageAgentHarness.with { h in
            let b = try Self.builder(h)
            let next = try EBusinessResponse.parse(bytes: Array(try await Self.send(h, try b.getNextCustomerNo()).body),
                                                   operation: .getNextCustomerNo).nextNumber
            let number = try #require(next)
            let customer = EBusinessCustomer(arDivisionNo: "00", customerNo: number, customerName: "Riverside School District",
                                             city: "Salem", state: "OR", termsCode: "30",
                                             otherFields: [EBusinessField(masFieldName: "UDF_PROCORE_ID", value: "88001")])
            let created = try await Self.send(h, try b.createCustomer(customer))
            #expect(created.status == 200, "\(created.text)")

            let fetched = try await Self.send(h, try b.getCustomer(customerNo: number, arDivisionNo: "00"))
            let read = try #require(try EBusinessResponse.parse(bytes: Array(fetched.body), operation: .getCustomer).customer)
            #expect(read.customerName == "Riverside School District")
            #expect(read.city == "Salem" && read.state == "OR")
            #expect(read.otherFields == [EBusinessField(masFieldName: "UDF_PROCORE_ID", value: "88001")])

            let again = try await Self.send(h, try b.createCustomer(customer))
            #expect(try EBusinessResponse.fault(in: Array(again.body))?.kind == .alreadyExists)

            let missing = try await Self.send(h, try b.getCustomer(customerNo: "NOBODY", arDivisionNo: "00"))
            #expect(try EBusinessResponse.fault(in: Array(missing.body))?.kind == .notFound)
        }
    }

    @Test func customerNameOver30CharactersIsCharLength() async throws {
        try await SageAgentHarness.with { h in
            let customer = EBusinessCustomer(arDivisionNo: "00", customerNo: "LONGNAME",
                                             customerName: "Metropolitan Regional Transit Authority")
            let response = try await Self.send(h, try Self.builder(h).createCustomer(customer))
            #expect(response.status == 500)
            let fault = try #require(try EBusinessResponse.fault(in: Array(response.body)))
            #expect(fault.kind == .fieldTooLong)
            #expect(fault.faultString.contains("CustomerName"))
        }
    }

    @Test func salesOrderCreateUpdateGet() async throws {
        try await SageAgentHarness.with { h in
            let b = try Self.builder(h)
            let number = try #require(try EBusinessResponse.parse(
                bytes: Array(try await Self.send(h, try b.getNextSalesOrderNo()).body), operation: .getNextSalesOrderNo).nextNumber)
            #expect(number == "0000101")
            var order = EBusinessSalesOrder(
                salesOrderNo: number, orderDate: "20261128", arDivisionNo: "00", customerNo: "CITYPARKS",
                customerPONo: "PA-7", comment: "Pay application 7",
                lines: [EBusinessSalesOrderLine(itemCode: "/CONTRACT", itemType: "5", quantity: 1,
                                                unitPrice: Decimal(string: "48250.75")!, extensionAmt: Decimal(string: "48250.75")!)])
            #expect(try await Self.send(h, try b.createSalesOrder(order)).status == 200)
            order.lines.append(EBusinessSalesOrderLine(itemCode: "/RETAINAGE", itemType: "5", quantity: 1,
                                                       unitPrice: Decimal(string: "-4825.08")!, extensionAmt: Decimal(string: "-4825.08")!))
            #expect(try await Self.send(h, try b.updateSalesOrder(order)).status == 200)

            let fetched = try await Self.send(h, try b.getSalesOrder(salesOrderNo: number))
            let read = try #require(try EBusinessResponse.parse(bytes: Array(fetched.body), operation: .getSalesOrder).salesOrder)
            #expect(read.lines.count == 2)
            #expect(read.total == Decimal(string: "43425.67")!)
            #expect(read.customerPONo == "PA-7")

            let unknown = order
            var stranger = unknown
            stranger.salesOrderNo = "0009999"
            let update = try await Self.send(h, try b.updateSalesOrder(stranger))
            #expect(try EBusinessResponse.fault(in: Array(update.body))?.kind == .notFound)
        }
    }

    @Test func malformedEnvelopeIsAFaultNotACrash() async throws {
        try await SageAgentHarness.with { h in
            let xxe = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#
            let response = try await h.client.send(HTTPRequest(method: .post, url: h.url("/v1/companies/ABC/ebusiness"),
                                                               headers: h.headers(), body: Data(xxe.utf8)))
            #expect(response.status == 500)
            let fault = try #require(try EBusinessResponse.fault(in: Array(response.body)))
            #expect(fault.faultString.contains("could not be read"))
            #expect(!response.text.contains("root:"))
        }
    }
}
