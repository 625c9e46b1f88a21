import Foundation
import XML

/// Names and element codecs shared by request and response builders and parsers.
enum EBusinessXML {
    static let soapNamespaceURI = "http://schemas.xmlsoap.org/soap/envelope/"
    static let soapPrefix = "soap"
    static let operationPrefix = "eb"

    static var soap: XMLNamespace { XMLNamespace(prefix: soapPrefix, uri: soapNamespaceURI) }

    /// Creates `<soap:Envelope xmlns:soap xmlns:eb><soap:Body/>` and returns (document, body).
    static func envelope(namespaceURI: String) throws -> (XML.XMLDocument, XML.XMLElement) {
        let document = XML.XMLDocument()
        let root = try document.createRoot(name: "Envelope", namespace: soap)
        try root.declareNamespace(prefix: operationPrefix, uri: namespaceURI)
        let body = try root.addChild(name: "Body", namespace: soap)
        return (document, body)
    }

    // MARK: Writing

    /// Adds `<name>text</name>` in `ns`, naming record and field if the text cannot be carried.
    static func add(_ parent: XML.XMLElement, _ name: String, _ text: String, ns: XMLNamespace, record: String)
        throws
    {
        do {
            try parent.addChild(name: name, namespace: ns, text: text)
        } catch let error as XMLError {
            throw EBusinessError.invalidInput(record: record, field: name, message: error.description)
        }
    }

    static func addOptional(
        _ parent: XML.XMLElement, _ name: String, _ text: String?, ns: XMLNamespace, record: String
    ) throws {
        if let text { try add(parent, name, text, ns: ns, record: record) }
    }

    static func addOtherFields(_ parent: XML.XMLElement, _ fields: [EBusinessField], ns: XMLNamespace, record: String)
        throws
    {
        guard !fields.isEmpty else { return }
        let container = try parent.addChild(name: "OtherFields", namespace: ns)
        for field in fields {
            guard !field.masFieldName.isEmpty else {
                throw EBusinessError.invalidInput(record: record, field: "OtherFields", message: "a field has an empty MasFieldName")
            }
            let element = try container.addChild(name: "Field", namespace: ns)
            try add(element, "MasFieldName", field.masFieldName, ns: ns, record: record)
            try add(element, "Value", field.value, ns: ns, record: "\(record) field \(field.masFieldName)")
        }
    }

    static func requireNonEmpty(_ value: String, record: String, field: String) throws {
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw EBusinessError.invalidInput(record: record, field: field, message: "is required and is empty")
        }
    }

    static func writeCustomer(_ c: EBusinessCustomer, into parent: XML.XMLElement, ns: XMLNamespace) throws {
        let record = c.recordName
        try add(parent, "ARDivisionNo", c.arDivisionNo, ns: ns, record: record)
        try add(parent, "CustomerNo", c.customerNo, ns: ns, record: record)
        try add(parent, "CustomerName", c.customerName, ns: ns, record: record)
        try addOptional(parent, "AddressLine1", c.addressLine1, ns: ns, record: record)
        try addOptional(parent, "AddressLine2", c.addressLine2, ns: ns, record: record)
        try addOptional(parent, "AddressLine3", c.addressLine3, ns: ns, record: record)
        try addOptional(parent, "City", c.city, ns: ns, record: record)
        try addOptional(parent, "State", c.state, ns: ns, record: record)
        try addOptional(parent, "ZipCode", c.zipCode, ns: ns, record: record)
        try addOptional(parent, "TelephoneNo", c.telephoneNo, ns: ns, record: record)
        try addOptional(parent, "EmailAddress", c.emailAddress, ns: ns, record: record)
        try addOptional(parent, "TermsCode", c.termsCode, ns: ns, record: record)
        try addOtherFields(parent, c.otherFields, ns: ns, record: record)
    }

    /// With `checkExtensions`, each line's `ExtensionAmt` must equal `Quantity x UnitPrice` to the
    /// cent (requests we send); results echo what the service holds and skip that check.
    static func writeSalesOrder(
        _ o: EBusinessSalesOrder, into parent: XML.XMLElement, ns: XMLNamespace, checkExtensions: Bool = true
    ) throws {
        let record = o.recordName
        try checkDate(o.orderDate, record: record, field: "OrderDate")
        try add(parent, "SalesOrderNo", o.salesOrderNo, ns: ns, record: record)
        try add(parent, "OrderDate", o.orderDate, ns: ns, record: record)
        try add(parent, "ARDivisionNo", o.arDivisionNo, ns: ns, record: record)
        try add(parent, "CustomerNo", o.customerNo, ns: ns, record: record)
        try addOptional(parent, "CustomerPONo", o.customerPONo, ns: ns, record: record)
        try addOptional(parent, "Comment", o.comment, ns: ns, record: record)
        let lines = try parent.addChild(name: "Lines", namespace: ns)
        for (index, line) in o.lines.enumerated() {
            let lineRecord = "\(record) line \(index + 1)"
            try requireNonEmpty(line.itemCode, record: lineRecord, field: "ItemCode")
            let quantity = try EBusinessDecimal.format(line.quantity, record: lineRecord, field: "Quantity")
            let price = try EBusinessDecimal.format(line.unitPrice, record: lineRecord, field: "UnitPrice")
            let extended = try EBusinessDecimal.format(line.extensionAmt, record: lineRecord, field: "ExtensionAmt")
            let expected = EBusinessDecimal.cents(line.quantity * line.unitPrice)
            guard !checkExtensions || expected == line.extensionAmt else {
                throw EBusinessError.invalidInput(
                    record: lineRecord, field: "ExtensionAmt",
                    message: "is \(extended) but Quantity \(quantity) x UnitPrice \(price) = "
                        + (try EBusinessDecimal.format(expected, record: lineRecord, field: "ExtensionAmt"))
                        + "; correct the line so the amounts agree to the cent")
            }
            let element = try lines.addChild(name: "SalesOrderLine", namespace: ns)
            try add(element, "ItemCode", line.itemCode, ns: ns, record: lineRecord)
            try addOptional(element, "ItemType", line.itemType, ns: ns, record: lineRecord)
            try add(element, "Quantity", quantity, ns: ns, record: lineRecord)
            try add(element, "UnitPrice", price, ns: ns, record: lineRecord)
            try add(element, "ExtensionAmt", extended, ns: ns, record: lineRecord)
            try addOptional(element, "CommentText", line.commentText, ns: ns, record: lineRecord)
        }
        try addOtherFields(parent, o.otherFields, ns: ns, record: record)
    }

    /// `YYYYMMDD` with a real month and day.
    static func checkDate(_ text: String, record: String, field: String) throws {
        let digits = Array(text.utf8)
        func fail() -> EBusinessError {
            .invalidInput(record: record, field: field, message: "'\(text)' is not a date in YYYYMMDD form (e.g. 20260131)")
        }
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { throw fail() }
        let number = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let year = number(0..<4), month = number(4..<6), day = number(6..<8)
        guard (1900...2199).contains(year), (1...12).contains(month), day >= 1 else { throw fail() }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { throw fail() }
    }

    // MARK: Reading

    /// The text of child `name` (any namespace when `ns` is nil), trimmed; nil when absent.
    static func text(_ parent: XML.XMLElement, _ name: String, ns: String?) -> String? {
        parent.firstChild(named: name, namespaceURI: ns).map {
            $0.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func required(_ parent: XML.XMLElement, _ name: String, ns: String?, context: String) throws -> String {
        guard let value = text(parent, name, ns: ns) else {
            throw EBusinessError.malformedEnvelope("\(context) has no <\(name)> (line \(parent.line))")
        }
        return value
    }

    static func readOtherFields(_ parent: XML.XMLElement, ns: String?, context: String) throws -> [EBusinessField] {
        guard let container = parent.firstChild(named: "OtherFields", namespaceURI: ns) else { return [] }
        return try container.children(named: "Field", namespaceURI: ns).map { field in
            EBusinessField(
                masFieldName: try required(field, "MasFieldName", ns: ns, context: "\(context) OtherFields/Field"),
                value: text(field, "Value", ns: ns) ?? "")
        }
    }

    static func readCustomer(_ element: XML.XMLElement, ns: String?) throws -> EBusinessCustomer {
        let context = "customer"
        return EBusinessCustomer(
            arDivisionNo: try required(element, "ARDivisionNo", ns: ns, context: context),
            customerNo: try required(element, "CustomerNo", ns: ns, context: context),
            customerName: text(element, "CustomerName", ns: ns) ?? "",
            addressLine1: text(element, "AddressLine1", ns: ns),
            addressLine2: text(element, "AddressLine2", ns: ns),
            addressLine3: text(element, "AddressLine3", ns: ns),
            city: text(element, "City", ns: ns),
            state: text(element, "State", ns: ns),
            zipCode: text(element, "ZipCode", ns: ns),
            telephoneNo: text(element, "TelephoneNo", ns: ns),
            emailAddress: text(element, "EmailAddress", ns: ns),
            termsCode: text(element, "TermsCode", ns: ns),
            otherFields: try readOtherFields(element, ns: ns, context: context))
    }

    static func readSalesOrder(_ element: XML.XMLElement, ns: String?) throws -> EBusinessSalesOrder {
        let context = "sales order"
        let number = text(element, "SalesOrderNo", ns: ns) ?? ""
        let record = "sales order \(number)"
        var lines: [EBusinessSalesOrderLine] = []
        if let container = element.firstChild(named: "Lines", namespaceURI: ns) {
            for (index, line) in container.children(named: "SalesOrderLine", namespaceURI: ns).enumerated() {
                let lineRecord = "\(record) line \(index + 1)"
                let decimal = { (name: String) throws -> Decimal in
                    try EBusinessDecimal.parse(
                        try required(line, name, ns: ns, context: lineRecord), record: lineRecord, field: name)
                }
                lines.append(
                    EBusinessSalesOrderLine(
                        itemCode: try required(line, "ItemCode", ns: ns, context: lineRecord),
                        itemType: text(line, "ItemType", ns: ns),
                        quantity: try decimal("Quantity"),
                        unitPrice: try decimal("UnitPrice"),
                        extensionAmt: try decimal("ExtensionAmt"),
                        commentText: text(line, "CommentText", ns: ns)))
            }
        }
        return EBusinessSalesOrder(
            salesOrderNo: number,
            orderDate: try required(element, "OrderDate", ns: ns, context: context),
            arDivisionNo: try required(element, "ARDivisionNo", ns: ns, context: context),
            customerNo: try required(element, "CustomerNo", ns: ns, context: context),
            customerPONo: text(element, "CustomerPONo", ns: ns),
            comment: text(element, "Comment", ns: ns),
            lines: lines,
            otherFields: try readOtherFields(element, ns: ns, context: context))
    }

    /// Parses bytes with the safe parser, mapping refusals to ``EBusinessError/xml(_:)``.
    static func parse(_ bytes: [UInt8]) throws -> XML.XMLDocument {
        do {
            return try XML.XMLDocument.parse(bytes: bytes)
        } catch let error as XMLError {
            throw EBusinessError.xml(error)
        }
    }

    /// The `soap:Body` of a parsed envelope.
    static func body(of document: XML.XMLDocument) throws -> XML.XMLElement {
        guard let root = document.root, root.name == "Envelope" else {
            throw EBusinessError.malformedEnvelope("the root element is not soap:Envelope")
        }
        guard root.namespaceURI == soapNamespaceURI else {
            throw EBusinessError.malformedEnvelope(
                "Envelope is in namespace '\(root.namespaceURI ?? "")'; SOAP 1.1 requires \(soapNamespaceURI)")
        }
        guard let body = root.firstChild(named: "Body", namespaceURI: soapNamespaceURI) else {
            throw EBusinessError.malformedEnvelope("soap:Envelope has no soap:Body")
        }
        return body
    }
}
