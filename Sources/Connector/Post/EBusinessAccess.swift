import Foundation
import Sage100

/// How `post` and `reconcile` reach eBusiness Web Services: the envelope settings and the
/// password, which is read from the configured environment variable and used only to render
/// the envelope of one request (``EBusinessEnvelope/withPassword(_:)``): never logged or stored.
public struct EBusinessAccess: Sendable, CustomStringConvertible {
    public var configuration: EBusinessConfiguration
    public var password: Secret

    public init(configuration: EBusinessConfiguration, password: Secret) {
        self.configuration = configuration
        self.password = password
    }

    /// From the configuration's `ebusiness:` section. Throws naming the setting when the
    /// password variable was not set or a value cannot be used.
    public init(settings: EBusinessSettings, company: String) throws {
        if let password = settings.password, !password.isEmpty {
            self.password = password
        } else if let reference = settings.passwordReference {
            self.password = Secret(try reference.resolve())
        } else {
            throw ConfigurationError.missingSecret(file: "connector.yml", key: "ebusiness.password_env", variable: settings.passwordVariable)
        }
        configuration = try EBusinessEnvelopeSettings(namespace: settings.namespace, username: settings.username,
                                                      endpoint: settings.endpoint).configuration(company: company)
    }

    public var description: String {
        "eBusiness(namespace: \(configuration.namespaceURI), user: \(configuration.username), password: \(Secret.mask))"
    }
}

/// eBusiness calls relayed by the agent (`POST /v1/companies/{code}/ebusiness`).
struct EBusinessRelay: Sendable {
    let agent: any SageAgent
    let access: EBusinessAccess

    var builder: EBusinessEnvelopeBuilder { EBusinessEnvelopeBuilder(configuration: access.configuration) }

    /// Sends `envelope` (stored redacted) with the real password and reads the answer. SOAP
    /// faults throw ``EBusinessError``; transport failures throw ``SageAgentError``.
    func call(_ envelope: EBusinessEnvelope) async throws -> EBusinessResult {
        let wire = try envelope.withPassword(access.password)
        let answer = try await agent.ebusiness(envelope: wire, soapAction: envelope.soapAction)
        return try EBusinessResponse.parse(bytes: answer, operation: envelope.operation,
                                           namespaceURI: access.configuration.namespaceURI)
    }

    /// `GetSalesOrder`: the order, or nil when Sage answers CI_NOF.
    func salesOrder(_ number: String) async throws -> EBusinessSalesOrder? {
        do {
            return try await call(try builder.getSalesOrder(salesOrderNo: number)).salesOrder
        } catch EBusinessError.notFound {
            return nil
        }
    }

    /// `GetCustomer`: the customer, or nil when Sage answers CI_NOF.
    func customer(_ number: String, division: String) async throws -> EBusinessCustomer? {
        do {
            return try await call(try builder.getCustomer(customerNo: number, arDivisionNo: division)).customer
        } catch EBusinessError.notFound {
            return nil
        }
    }
}
