import CLibXML2

extension XMLDocument {
    /// Nodes selected by an XPath 1.0 expression, in document order. `namespaces` maps the
    /// prefixes used in the expression to namespace URIs (the document's own prefixes do
    /// not apply). Throws ``XMLError/xpath(expression:message:)`` for a bad expression or
    /// unknown prefix.
    public func nodes(xpath: String, namespaces: [String: String] = [:]) throws -> [XMLNode] {
        try XPath.evaluate(xpath, in: self, context: nil, namespaces: namespaces) { object in
            XPath.nodes(of: object, document: self)
        }
    }

    /// The elements selected by an XPath expression (non-element nodes are skipped).
    public func elements(xpath: String, namespaces: [String: String] = [:]) throws -> [XMLElement] {
        try nodes(xpath: xpath, namespaces: namespaces).compactMap(\.element)
    }

    /// The XPath string value of an expression: for a node set, the text of its first node
    /// ("" when empty); for `count(…)`, `string(…)` and the like, the value as text.
    public func string(xpath: String, namespaces: [String: String] = [:]) throws -> String {
        try XPath.evaluate(xpath, in: self, context: nil, namespaces: namespaces) { object in
            consumeString(xmlXPathCastToString(object)) ?? ""
        }
    }
}

extension XMLElement {
    /// Nodes selected by an XPath expression evaluated with this element as context node.
    public func nodes(xpath: String, namespaces: [String: String] = [:]) throws -> [XMLNode] {
        try XPath.evaluate(xpath, in: document, context: pointer, namespaces: namespaces) { object in
            XPath.nodes(of: object, document: document)
        }
    }

    /// The XPath string value of an expression evaluated with this element as context node.
    public func string(xpath: String, namespaces: [String: String] = [:]) throws -> String {
        try XPath.evaluate(xpath, in: document, context: pointer, namespaces: namespaces) { object in
            consumeString(xmlXPathCastToString(object)) ?? ""
        }
    }
}

enum XPath {
    static func evaluate<R>(
        _ expression: String, in document: XMLDocument, context node: xmlNodePtr?,
        namespaces: [String: String], _ body: (xmlXPathObjectPtr) throws -> R
    ) throws -> R {
        LibXML.ensureInitialized()
        guard let ctx = xmlXPathNewContext(document.pointer) else {
            throw XMLError.internalFailure("could not allocate an XPath context")
        }
        defer { xmlXPathFreeContext(ctx) }
        let collector = DiagnosticCollector()
        return try withExtendedLifetime(collector) {
            ctx.pointee.userData = Unmanaged.passUnretained(collector).toOpaque()
            ctx.pointee.error = collectorErrorHandler
            if let node { ctx.pointee.node = node }
            for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
                let status = withXMLChars(prefix) { p in withXMLChars(uri) { u in xmlXPathRegisterNs(ctx, p, u) } }
                if status != 0 {
                    throw XMLError.xpath(expression: expression, message: "cannot register namespace prefix '\(prefix)'")
                }
            }
            guard let object = withXMLChars(expression, { xmlXPathEvalExpression($0, ctx) }) else {
                let message = collector.diagnostics.map(\.message).joined(separator: "; ")
                throw XMLError.xpath(expression: expression, message: message.isEmpty ? "evaluation failed" : message)
            }
            defer { xmlXPathFreeObject(object) }
            return try body(object)
        }
    }

    static func nodes(of object: xmlXPathObjectPtr, document: XMLDocument) -> [XMLNode] {
        guard object.pointee.type == XPATH_NODESET, let set = object.pointee.nodesetval else { return [] }
        let count = Int(set.pointee.nodeNr)
        guard count > 0, let table = set.pointee.nodeTab else { return [] }
        var result: [XMLNode] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            if let node = table[index] { result.append(XMLNode(document: document, pointer: node)) }
        }
        return result
    }
}
