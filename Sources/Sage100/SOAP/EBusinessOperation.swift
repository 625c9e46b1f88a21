/// The eBusiness Web Services operations the connector uses (customers and sales orders
/// only: the service has no AP, PO or GL operations).
public enum EBusinessOperation: String, Sendable, CaseIterable, Codable {
    case getContractInformation = "GetContractInformation"
    case getCustomer = "GetCustomer"
    case getNextCustomerNo = "GetNextCustomerNo"
    case createCustomer = "CreateCustomer"
    case getSalesOrder = "GetSalesOrder"
    case getNextSalesOrderNo = "GetNextSalesOrderNo"
    case createSalesOrder = "CreateSalesOrder"
    case updateSalesOrder = "UpdateSalesOrder"

    /// The operation element's name in the SOAP body (`GetCustomer`).
    public var elementName: String { rawValue }
    /// The response wrapper element (`GetCustomerResponse`).
    public var responseElementName: String { rawValue + "Response" }
    /// The element that carries the result (`GetCustomerResult`).
    public var resultElementName: String { rawValue + "Result" }
    /// The SOAPAction header value for this operation in namespace `namespaceURI`.
    public func soapAction(namespaceURI: String) -> String {
        let base = namespaceURI.hasSuffix("/") ? namespaceURI : namespaceURI + "/"
        return base + rawValue
    }
}
