import Foundation
import XML

/// A complete eBusiness request: operation and arguments, logon and company code.
/// Built by ``EBusinessEnvelopeBuilder`` on the connector side; read back from bytes with
/// ``parse(bytes:namespaceURI:)`` by the agent simulator (and by tests).
public struct EBusinessRequest: Sendable, Equatable {
    public var logon: EBusinessLogon
    public var companyCode: String
    /// The operation and its arguments.
    public var arguments: EBusinessCall

    /// The operation requested.
    public var operation: EBusinessOperation { arguments.operation }

    public init(logon: EBusinessLogon, companyCode: String, arguments: EBusinessCall) {
        self.logon = logon
        self.companyCode = companyCode
        self.arguments = arguments
    }

    /// Renders the SOAP 1.1 envelope with the operation element in `namespaceURI`:
    /// `logon{Username,Password}`, `companyCode`, then the arguments.
    public func envelopeBytes(namespaceURI: String, indent: Bool = true) throws -> [UInt8] {
        let (document, body) = try EBusinessXML.envelope(namespaceURI: namespaceURI)
        let ns = XMLNamespace(prefix: EBusinessXML.operationPrefix, uri: namespaceURI)
        let operation = try body.addChild(name: self.operation.elementName, namespace: ns)
        let record = "\(self.operation.rawValue) request"
        let logonElement = try operation.addChild(name: "logon", namespace: ns)
        try EBusinessXML.requireNonEmpty(logon.username, record: record, field: "logon/Username")
        try EBusinessXML.add(logonElement, "Username", logon.username, ns: ns, record: record)
        try EBusinessXML.add(logonElement, "Password", logon.password.wireText, ns: ns, record: record)
        try EBusinessXML.requireNonEmpty(companyCode, record: record, field: "companyCode")
        try EBusinessXML.add(operation, "companyCode", companyCode, ns: ns, record: record)
        switch arguments {
        case .getContractInformation, .getNextCustomerNo, .getNextSalesOrderNo:
            break
        case .getCustomer(let customerNo, let arDivisionNo):
            try EBusinessXML.requireNonEmpty(customerNo, record: record, field: "customerNo")
            try EBusinessXML.requireNonEmpty(arDivisionNo, record: record, field: "arDivisionNo")
            try EBusinessXML.add(operation, "customerNo", customerNo, ns: ns, record: record)
            try EBusinessXML.add(operation, "arDivisionNo", arDivisionNo, ns: ns, record: record)
        case .createCustomer(let customer):
            try EBusinessXML.requireNonEmpty(customer.arDivisionNo, record: customer.recordName, field: "ARDivisionNo")
            try EBusinessXML.requireNonEmpty(customer.customerNo, record: customer.recordName, field: "CustomerNo")
            try EBusinessXML.requireNonEmpty(customer.customerName, record: customer.recordName, field: "CustomerName")
            let element = try operation.addChild(name: "customer", namespace: ns)
            try EBusinessXML.writeCustomer(customer, into: element, ns: ns)
        case .getSalesOrder(let salesOrderNo):
            try EBusinessXML.requireNonEmpty(salesOrderNo, record: record, field: "salesOrderNo")
            try EBusinessXML.add(operation, "salesOrderNo", salesOrderNo, ns: ns, record: record)
        case .createSalesOrder(let order), .updateSalesOrder(let order):
            try EBusinessXML.requireNonEmpty(order.salesOrderNo, record: order.recordName, field: "SalesOrderNo")
            try EBusinessXML.requireNonEmpty(order.arDivisionNo, record: order.recordName, field: "ARDivisionNo")
            try EBusinessXML.requireNonEmpty(order.customerNo, record: order.recordName, field: "CustomerNo")
            let element = try operation.addChild(name: "salesOrder", namespace: ns)
            try EBusinessXML.writeSalesOrder(order, into: element, ns: ns)
        }
        do {
            return try document.serialize(indent: indent)
        } catch let error as XMLError {
            throw EBusinessError.xml(error)
        }
    }

    /// Reads a request envelope (safe parser: DOCTYPE/entities refused). When `namespaceURI`
    /// is given, the operation element must be in it. A `********` password reads as
    /// ``EBusinessPassword/redacted``.
    public static func parse(bytes: [UInt8], namespaceURI: String? = nil) throws -> EBusinessRequest {
        let document = try EBusinessXML.parse(bytes)
        let body = try EBusinessXML.body(of: document)
        guard let element = body.children.first else {
            throw EBusinessError.malformedEnvelope("soap:Body is empty; expected an operation element")
        }
        guard let operation = EBusinessOperation(rawValue: element.name) else {
            throw EBusinessError.malformedEnvelope(
                "unknown operation <\(element.name)>; supported: "
                    + EBusinessOperation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let namespaceURI, element.namespaceURI != namespaceURI {
            throw EBusinessError.malformedEnvelope(
                "<\(element.name)> is in namespace '\(element.namespaceURI ?? "")', expected '\(namespaceURI)'")
        }
        let ns = element.namespaceURI
        let context = "<\(operation.rawValue)>"
        guard let logonElement = element.firstChild(named: "logon", namespaceURI: ns) else {
            throw EBusinessError.malformedEnvelope("\(context) has no <logon>")
        }
        let username = try EBusinessXML.required(logonElement, "Username", ns: ns, context: "\(context) logon")
        // The password is taken verbatim: spaces may be part of it.
        let passwordText = logonElement.firstChild(named: "Password", namespaceURI: ns)?.text ?? ""
        let password: EBusinessPassword = passwordText == Secret.mask ? .redacted : .secret(Secret(passwordText))
        let companyCode = try EBusinessXML.required(element, "companyCode", ns: ns, context: context)

        let arguments: EBusinessCall
        switch operation {
        case .getContractInformation: arguments = .getContractInformation
        case .getNextCustomerNo: arguments = .getNextCustomerNo
        case .getNextSalesOrderNo: arguments = .getNextSalesOrderNo
        case .getCustomer:
            arguments = .getCustomer(
                customerNo: try EBusinessXML.required(element, "customerNo", ns: ns, context: context),
                arDivisionNo: try EBusinessXML.required(element, "arDivisionNo", ns: ns, context: context))
        case .getSalesOrder:
            arguments = .getSalesOrder(
                salesOrderNo: try EBusinessXML.required(element, "salesOrderNo", ns: ns, context: context))
        case .createCustomer:
            guard let customer = element.firstChild(named: "customer", namespaceURI: ns) else {
                throw EBusinessError.malformedEnvelope("\(context) has no <customer>")
            }
            arguments = .createCustomer(try EBusinessXML.readCustomer(customer, ns: ns))
        case .createSalesOrder, .updateSalesOrder:
            guard let order = element.firstChild(named: "salesOrder", namespaceURI: ns) else {
                throw EBusinessError.malformedEnvelope("\(context) has no <salesOrder>")
            }
            let parsed = try EBusinessXML.readSalesOrder(order, ns: ns)
            arguments = operation == .createSalesOrder ? .createSalesOrder(parsed) : .updateSalesOrder(parsed)
        }
        return EBusinessRequest(
            logon: EBusinessLogon(username: username, password: password), companyCode: companyCode,
            arguments: arguments)
    }
}
