/// Where and as whom to call Sage 100 eBusiness Web Services.
///
/// The namespace and endpoint come from the installation's `?wsdl` (Sage publishes no fixed
/// WSDL), so both are configuration. The password is not part of this value: it is held as a
/// ``Secret`` and given to ``EBusinessEnvelope/withPassword(_:)`` only when sending.
public struct EBusinessConfiguration: Sendable, Equatable, Codable {
    /// Namespace used by the Sage agent simulator and the tests. A real installation's
    /// namespace is read from its WSDL (`targetNamespace`) and set in the connector config.
    public static let sandboxNamespaceURI = "urn:ml-connector:sage100:ebusiness"

    /// The namespace of the operation elements (`targetNamespace` of the WSDL).
    public var namespaceURI: String
    /// The eBusiness Web Services endpoint (reached through the agent's relay).
    public var endpointURL: String
    /// Sage 100 company code, three characters (e.g. `ABC`).
    public var companyCode: String
    /// The Sage user enabled for web services.
    public var username: String

    /// Validates and stores the settings; throws ``EBusinessError/configuration(field:message:)``.
    public init(
        namespaceURI: String = EBusinessConfiguration.sandboxNamespaceURI,
        endpointURL: String,
        companyCode: String,
        username: String
    ) throws {
        guard !namespaceURI.isEmpty, !namespaceURI.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" }) else {
            throw EBusinessError.configuration(
                field: "namespaceURI",
                message: "'\(namespaceURI)' is not a usable namespace URI; copy targetNamespace from the service's ?wsdl")
        }
        guard endpointURL.hasPrefix("https://") || endpointURL.hasPrefix("http://") else {
            throw EBusinessError.configuration(
                field: "endpointURL", message: "'\(endpointURL)' must be an http(s) URL, e.g. https://sage-server/ebusiness")
        }
        guard companyCode.count == 3, companyCode.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else {
            throw EBusinessError.configuration(
                field: "companyCode", message: "'\(companyCode)' must be exactly 3 letters or digits, e.g. ABC")
        }
        guard !username.isEmpty, username.count <= 64 else {
            throw EBusinessError.configuration(
                field: "username", message: "the Sage user name must be 1 to 64 characters")
        }
        self.namespaceURI = namespaceURI
        self.endpointURL = endpointURL
        self.companyCode = companyCode.uppercased()
        self.username = username
    }

    private enum CodingKeys: String, CodingKey {
        case namespaceURI, endpointURL, companyCode, username
    }

    /// Decodes and validates like ``init(namespaceURI:endpointURL:companyCode:username:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            namespaceURI: try container.decodeIfPresent(String.self, forKey: .namespaceURI)
                ?? EBusinessConfiguration.sandboxNamespaceURI,
            endpointURL: try container.decode(String.self, forKey: .endpointURL),
            companyCode: try container.decode(String.self, forKey: .companyCode),
            username: try container.decode(String.self, forKey: .username))
    }
}
