import Foundation
import Sage100
import Sandbox
import Testing

/// Envelopes built here, relayed over loopback HTTP by the real agent client to the agent
/// simulator, answered by it, and parsed back.
@Suite("SOAP eBusiness over the agent relay (loopback)")
struct SOAPRelayTests {
    static let apiKey = "soap-relay-test-key"

    private func withRelay(_ body: (SageAgentClient, EBusinessEnvelopeBuilder, Secret) async throws -> Void) async throws {
        let simulator = try SageAgentSimulator(configuration: .init(apiKey: Self.apiKey))
        try await simulator.start()
        do {
            let client = SageAgentClient(
                configuration: try SageAgentConfiguration(
                    baseURL: simulator.baseURL, companyCode: "ABC", auth: .apiKey(Secret(Self.apiKey))))
            let configuration = try EBusinessConfiguration(
                namespaceURI: simulator.configuration.ebusinessNamespace,
                endpointURL: simulator.baseURL + "/v1/companies/ABC/ebusiness", companyCode: "ABC",
                username: simulator.configuration.ebusinessUsername)
            try await body(client, EBusinessEnvelopeBuilder(configuration: configuration),
                           Secret(simulator.configuration.ebusinessPassword))
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    private func call(_ client: SageAgentClient, _ envelope: EBusinessEnvelope, _ password: Secret) async throws
        -> EBusinessResult
    {
        let answer = try await client.ebusiness(envelope: try envelope.withPassword(password))
        return try EBusinessResponse.parse(bytes: answer, operation: envelope.operation, namespaceURI: envelope.namespaceURI)
    }

    @Test("contract information, wrong password and redacted password")
    func logon() async throws {
        try await withRelay { client, builder, password in
            let info = try await call(client, try builder.getContractInformation(), password).contractInformation
            #expect(info?.contractVersion.isEmpty == false)

            await #expect(throws: EBusinessError.self) {
                _ = try await call(client, try builder.getContractInformation(), Secret("not-the-password"))
            }
            do {
                // The redacted envelope as stored on disk, sent as is: the service refuses it.
                let answer = try await client.ebusiness(envelope: try builder.getNextCustomerNo().bytes)
                _ = try EBusinessResponse.parse(bytes: answer, operation: .getNextCustomerNo)
                Issue.record("a redacted envelope logged on")
            } catch let error as EBusinessError {
                guard case .logonFailure = error else {
                    Issue.record("expected logonFailure, got \(error)")
                    return
                }
            }
        }
    }

    @Test("next number, create, read back; duplicate and unknown customers fault")
    func customers() async throws {
        try await withRelay { client, builder, password in
            let number = try #require(try await call(client, try builder.getNextCustomerNo(), password).nextNumber)
            var customer = SOAPFixtures.customer
            customer.customerNo = number
            _ = try await call(client, try builder.createCustomer(customer), password)
            let read = try #require(
                try await call(client, try builder.getCustomer(customerNo: number, arDivisionNo: "01"), password).customer)
            #expect(read.customerName == "Smith & Sons <Owner> Ltd")
            #expect(read.city == "Zürich")
            #expect(read.otherFields == customer.otherFields)

            do {
                _ = try await call(client, try builder.createCustomer(customer), password)
                Issue.record("a duplicate customer was created")
            } catch let error as EBusinessError {
                guard case .alreadyExists(let fault) = error else {
                    Issue.record("expected alreadyExists, got \(error)")
                    return
                }
                #expect(fault.faultString.contains(number))
            }
            do {
                _ = try await call(client, try builder.getCustomer(customerNo: "NOSUCH9", arDivisionNo: "01"), password)
                Issue.record("unknown customer found")
            } catch let error as EBusinessError {
                guard case .notFound = error else {
                    Issue.record("expected notFound, got \(error)")
                    return
                }
            }
        }
    }

    @Test("a sales order's amounts survive the round trip to the cent")
    func salesOrders() async throws {
        try await withRelay { client, builder, password in
            let customerNo = try #require(try await call(client, try builder.getNextCustomerNo(), password).nextNumber)
            var customer = SOAPFixtures.customer
            customer.customerNo = customerNo
            _ = try await call(client, try builder.createCustomer(customer), password)
            let orderNo = try #require(try await call(client, try builder.getNextSalesOrderNo(), password).nextNumber)
            var order = SOAPFixtures.salesOrder
            order.salesOrderNo = orderNo
            order.customerNo = customerNo
            _ = try await call(client, try builder.createSalesOrder(order), password)
            let read = try #require(try await call(client, try builder.getSalesOrder(salesOrderNo: orderNo), password).salesOrder)
            #expect(read.lines.map(\.extensionAmt) == order.lines.map(\.extensionAmt))
            #expect(read.total == Decimal(string: "112501.61")!)
        }
    }
}
