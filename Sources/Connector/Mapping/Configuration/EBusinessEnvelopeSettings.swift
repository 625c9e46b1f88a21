import Sage100

/// The eBusiness Web Services identity the outbox envelopes are written for: namespace and
/// user, never the password (envelopes hold `********`; the password is added only when sending).
public struct EBusinessEnvelopeSettings: Sendable, Hashable {
    /// `targetNamespace` of the installation's `?wsdl`.
    public var namespace: String
    /// The Sage user enabled for web services.
    public var username: String
    /// The service's endpoint, when known (informational: the agent relays the envelopes).
    public var endpoint: String?

    public init(namespace: String, username: String, endpoint: String? = nil) {
        self.namespace = namespace
        self.username = username
        self.endpoint = endpoint
    }

    /// The envelope builder's configuration for `company`.
    public func configuration(company: String) throws -> EBusinessConfiguration {
        try EBusinessConfiguration(namespaceURI: namespace, endpointURL: endpoint ?? "https://127.0.0.1/ebusiness",
                                   companyCode: company, username: username)
    }
}

extension MappingConfiguration {
    /// Attaches the configuration's `ebusiness:` section (nil values: there is none) and checks
    /// ``checkOwnerBilling(ebusinessConfigured:)``: `owner_billing: sales_order` needs it.
    public mutating func attachEBusiness(namespace: String?, username: String?, endpoint: String? = nil) throws(MappingConfigurationError) {
        if let namespace, let username {
            ebusiness = EBusinessEnvelopeSettings(namespace: namespace, username: username, endpoint: endpoint)
        } else {
            ebusiness = nil
        }
        try checkOwnerBilling(ebusinessConfigured: ebusiness != nil)
    }
}
