import Foundation
import XML

/// Response envelopes: built by the agent simulator, parsed by the connector.
///
/// A result is `<soap:Body><eb:{Operation}Response><eb:{Operation}Result>…`; a fault is a
/// SOAP 1.1 `soap:Fault{faultcode, faultstring, detail}` sent with HTTP status 500.
public enum EBusinessResponse {
    /// HTTP status that accompanies a SOAP 1.1 fault.
    public static let faultHTTPStatus = 500
    /// Content type of SOAP 1.1 messages.
    public static let contentType = "text/xml; charset=utf-8"

    // MARK: Building (service side)

    /// The response envelope for a typed result of `operation`.
    public static func result(_ result: EBusinessResult, operation: EBusinessOperation, namespaceURI: String) throws
        -> [UInt8]
    {
        try build(operation: operation, namespaceURI: namespaceURI) { element, ns in
            switch result {
            case .contractInformation(let info):
                let record = "contract information"
                try EBusinessXML.add(element, "ContractVersion", info.contractVersion, ns: ns, record: record)
                try EBusinessXML.add(element, "AssemblyVersion", info.assemblyVersion, ns: ns, record: record)
                try EBusinessXML.add(element, "NullDateTime", info.nullDateTime, ns: ns, record: record)
            case .customer(let customer):
                try EBusinessXML.writeCustomer(customer, into: element, ns: ns)
            case .salesOrder(let order):
                try EBusinessXML.writeSalesOrder(order, into: element, ns: ns, checkExtensions: false)
            case .nextNumber(let number):
                try element.setText(number)
            case .accepted(let text):
                if let text { try element.setText(text) }
            }
        }
    }

    /// A result envelope from raw (Sage field name, value) pairs, for answers the typed
    /// builder does not cover.
    public static func result(
        operation: EBusinessOperation, namespaceURI: String, fields: [(name: String, value: String)]
    ) throws -> [UInt8] {
        try build(operation: operation, namespaceURI: namespaceURI) { element, ns in
            for field in fields {
                try EBusinessXML.add(element, field.name, field.value, ns: ns, record: "\(operation.rawValue) result")
            }
        }
    }

    /// A SOAP 1.1 fault. `code` is Sage's error code (`CI_NoKey`, `CI_NOF`, `CI_CharLength`,
    /// `WS_AlreadyExists`; empty for logon failures and exceptions) and goes into `detail`;
    /// `message` is the `faultstring`. Client errors use `soap:Client`, others `soap:Server`.
    public static func fault(code: String, message: String, namespaceURI: String = EBusinessConfiguration.sandboxNamespaceURI)
        throws -> [UInt8]
    {
        let clientCodes: Set<String> = ["CI_NoKey", "CI_NOF", "CI_CharLength", "WS_AlreadyExists"]
        let isClient = clientCodes.contains(code) || message.hasPrefix("Logon failure")
        return try fault(
            EBusinessFault(
                faultCode: "\(EBusinessXML.soapPrefix):\(isClient ? "Client" : "Server")",
                faultString: message, detail: code.isEmpty ? nil : code),
            namespaceURI: namespaceURI)
    }

    /// A SOAP 1.1 fault from a fault value.
    public static func fault(_ fault: EBusinessFault, namespaceURI: String = EBusinessConfiguration.sandboxNamespaceURI)
        throws -> [UInt8]
    {
        do {
            let (document, body) = try EBusinessXML.envelope(namespaceURI: namespaceURI)
            let element = try body.addChild(name: "Fault", namespace: EBusinessXML.soap)
            // faultcode, faultstring and detail are unqualified in SOAP 1.1.
            try element.addChild(name: "faultcode", text: fault.faultCode)
            try element.addChild(name: "faultstring", text: fault.faultString)
            if let detail = fault.detail {
                let detailElement = try element.addChild(name: "detail")
                try detailElement.addChild(
                    name: "ErrorCode", namespace: XMLNamespace(prefix: EBusinessXML.operationPrefix, uri: namespaceURI),
                    text: detail)
            }
            return try document.serialize(indent: true)
        } catch let error as XMLError {
            throw EBusinessError.xml(error)
        }
    }

    private static func build(
        operation: EBusinessOperation, namespaceURI: String,
        _ fill: (XML.XMLElement, XMLNamespace) throws -> Void
    ) throws -> [UInt8] {
        do {
            let (document, body) = try EBusinessXML.envelope(namespaceURI: namespaceURI)
            let ns = XMLNamespace(prefix: EBusinessXML.operationPrefix, uri: namespaceURI)
            let response = try body.addChild(name: operation.responseElementName, namespace: ns)
            let result = try response.addChild(name: operation.resultElementName, namespace: ns)
            try fill(result, ns)
            return try document.serialize(indent: true)
        } catch let error as XMLError {
            throw EBusinessError.xml(error)
        }
    }

    // MARK: Parsing (connector side)

    /// Reads the answer to `operation`. A SOAP fault is thrown as its typed ``EBusinessError``
    /// (logon failure, CI_NoKey, CI_NOF, CI_CharLength, WS_AlreadyExists, exception, other).
    /// With `namespaceURI`, the result element must be in that namespace.
    public static func parse(bytes: [UInt8], operation: EBusinessOperation, namespaceURI: String? = nil) throws
        -> EBusinessResult
    {
        let document = try EBusinessXML.parse(bytes)
        let body = try EBusinessXML.body(of: document)
        if let fault = try parseFault(body) { throw EBusinessError(fault: fault) }
        let found = try document.elements(
            xpath: "/soap:Envelope/soap:Body//*[local-name()='\(operation.resultElementName)']",
            namespaces: ["soap": EBusinessXML.soapNamespaceURI])
        guard let result = found.first(where: { namespaceURI == nil || $0.namespaceURI == namespaceURI }) else {
            let got = body.children.first.map { "<\($0.qualifiedName)>" } ?? "an empty body"
            throw EBusinessError.malformedEnvelope(
                "expected <\(operation.resultElementName)>\(namespaceURI.map { " in namespace '\($0)'" } ?? "") but got \(got)")
        }
        let ns = result.namespaceURI
        let trimmed = result.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch operation {
        case .getContractInformation:
            let context = operation.resultElementName
            return .contractInformation(
                EBusinessContractInformation(
                    contractVersion: try EBusinessXML.required(result, "ContractVersion", ns: ns, context: context),
                    assemblyVersion: try EBusinessXML.required(result, "AssemblyVersion", ns: ns, context: context),
                    nullDateTime: EBusinessXML.text(result, "NullDateTime", ns: ns) ?? ""))
        case .getCustomer:
            return .customer(try EBusinessXML.readCustomer(result, ns: ns))
        case .getSalesOrder:
            return .salesOrder(try EBusinessXML.readSalesOrder(result, ns: ns))
        case .getNextCustomerNo, .getNextSalesOrderNo:
            guard !trimmed.isEmpty else {
                throw EBusinessError.malformedEnvelope("<\(operation.resultElementName)> is empty; expected the next number")
            }
            return .nextNumber(trimmed)
        case .createCustomer, .createSalesOrder, .updateSalesOrder:
            return .accepted(trimmed.isEmpty ? nil : trimmed)
        }
    }

    /// The fault in a response, if the response is a fault (nil otherwise).
    public static func fault(in bytes: [UInt8]) throws -> EBusinessFault? {
        try parseFault(try EBusinessXML.body(of: EBusinessXML.parse(bytes)))
    }

    private static func parseFault(_ body: XML.XMLElement) throws -> EBusinessFault? {
        guard let fault = body.firstChild(named: "Fault", namespaceURI: EBusinessXML.soapNamespaceURI) else { return nil }
        let code = EBusinessXML.text(fault, "faultcode", ns: nil) ?? ""
        let string = EBusinessXML.text(fault, "faultstring", ns: nil) ?? ""
        let detail = fault.firstChild(named: "detail", namespaceURI: nil).map {
            $0.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return EBusinessFault(faultCode: code, faultString: string, detail: detail?.isEmpty == true ? nil : detail)
    }
}
