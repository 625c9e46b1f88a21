import CLibXML2

/// An element of an ``XMLDocument``: read it, or build under it.
///
/// Holds a strong reference to its document, so the underlying libxml2 node stays valid
/// for as long as the element value is alive.
public struct XMLElement {
    /// The document this element belongs to.
    public let document: XMLDocument
    let pointer: xmlNodePtr

    init(document: XMLDocument, pointer: xmlNodePtr) {
        self.document = document
        self.pointer = pointer
    }

    // MARK: Reading

    /// Local name, without prefix (`Envelope` for `soap:Envelope`).
    public var name: String { xmlString(from: pointer.pointee.name) ?? "" }

    /// The namespace the element is in, if any.
    public var namespace: XMLNamespace? {
        guard let ns = pointer.pointee.ns else { return nil }
        return XMLNamespace(prefix: xmlString(from: ns.pointee.prefix), uri: xmlString(from: ns.pointee.href) ?? "")
    }

    /// The namespace URI the element is in, if any.
    public var namespaceURI: String? { namespace?.uri }

    /// Qualified name as written (`soap:Envelope`).
    public var qualifiedName: String {
        if let prefix = namespace?.prefix { return prefix + ":" + name }
        return name
    }

    /// All text inside the element and its descendants, concatenated, entities resolved.
    public var text: String {
        consumeString(xmlNodeGetContent(pointer)) ?? ""
    }

    /// The line the element started on when parsed (0 for built documents).
    public var line: Int { max(0, Int(xmlGetLineNo(pointer))) }

    /// XPath-like location, e.g. `/soap:Envelope/soap:Body/tns:GetCustomer`.
    public var path: String { consumeString(xmlGetNodePath(pointer)) ?? "" }

    /// The parent element, if the parent is an element.
    public var parent: XMLElement? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLElement(document: document, pointer: parent)
    }

    /// Child elements in document order (text, comments and PIs are skipped).
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = pointer.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLElement(document: document, pointer: node))
            }
            child = node.pointee.next
        }
        return result
    }

    /// Child elements with local name `name`, in namespace `namespaceURI` when given
    /// (pass `nil` to match any namespace).
    public func children(named name: String, namespaceURI: String? = nil) -> [XMLElement] {
        children.filter { $0.name == name && (namespaceURI == nil || $0.namespaceURI == namespaceURI) }
    }

    /// The first child element with local name `name` (and namespace, when given).
    public func firstChild(named name: String, namespaceURI: String? = nil) -> XMLElement? {
        var child = pointer.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE {
                let element = XMLElement(document: document, pointer: node)
                if element.name == name && (namespaceURI == nil || element.namespaceURI == namespaceURI) {
                    return element
                }
            }
            child = node.pointee.next
        }
        return nil
    }

    /// True when the element has element children.
    public var hasElementChildren: Bool { xmlFirstElementChild(pointer) != nil }

    /// The value of attribute `name` (in `namespaceURI` when given; otherwise the
    /// attribute without namespace).
    public func attribute(_ name: String, namespaceURI: String? = nil) -> String? {
        withXMLChars(name) { namePointer in
            withOptionalXMLChars(namespaceURI) { nsPointer in
                consumeString(xmlGetNsProp(pointer, namePointer, nsPointer))
            }
        }
    }

    /// All attributes as (qualified name, value), in document order.
    public var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attr = pointer.pointee.properties
        while let a = attr {
            var name = xmlString(from: a.pointee.name) ?? ""
            if let prefix = a.pointee.ns.flatMap({ xmlString(from: $0.pointee.prefix) }) { name = prefix + ":" + name }
            let value = consumeString(xmlNodeListGetString(pointer.pointee.doc, a.pointee.children, 1)) ?? ""
            result.append((name, value))
            attr = a.pointee.next
        }
        return result
    }

    // MARK: Building

    /// Declares `xmlns:prefix="uri"` (or `xmlns="uri"` for a `nil` prefix) on this element.
    @discardableResult
    public func declareNamespace(prefix: String?, uri: String) throws -> XMLNamespace {
        _ = try declareNamespaceReturningPointer(prefix: prefix, uri: uri)
        return XMLNamespace(prefix: prefix, uri: uri)
    }

    func declareNamespaceReturningPointer(prefix: String?, uri: String) throws -> xmlNsPtr {
        if let prefix { try checkNCName(prefix, kind: "namespace prefix") }
        try checkXMLCharacters(uri, context: "Namespace URI")
        // Already declared here with the same URI: reuse it.
        var existing = pointer.pointee.nsDef
        while let ns = existing {
            let existingPrefix = xmlString(from: ns.pointee.prefix)
            if existingPrefix == prefix {
                let existingURI = xmlString(from: ns.pointee.href) ?? ""
                if existingURI == uri { return ns }
                throw XMLError.namespaceConflict(prefix: prefix ?? "", existingURI: existingURI, requestedURI: uri)
            }
            existing = ns.pointee.next
        }
        let created = withXMLChars(uri) { uriPointer in
            withOptionalXMLChars(prefix) { prefixPointer in xmlNewNs(pointer, uriPointer, prefixPointer) }
        }
        guard let created else { throw XMLError.internalFailure("could not declare namespace \(uri)") }
        return created
    }

    /// Finds the in-scope declaration of `namespace` (by URI) or declares it on `node`.
    private func resolve(_ namespace: XMLNamespace, on node: xmlNodePtr, declaringOn newElement: XMLElement) throws -> xmlNsPtr {
        let found = withXMLChars(namespace.uri) { xmlSearchNsByHref(pointer.pointee.doc, node, $0) }
        if let found { return found }
        return try newElement.declareNamespaceReturningPointer(prefix: namespace.prefix, uri: namespace.uri)
    }

    /// Appends a child element `name`, in `namespace` when given. An in-scope declaration of
    /// the namespace URI is reused; otherwise the namespace is declared on the new child.
    @discardableResult
    public func addChild(name: String, namespace: XMLNamespace? = nil) throws -> XMLElement {
        try checkNCName(name, kind: "element")
        guard let node = withXMLChars(name, { xmlNewDocNode(pointer.pointee.doc, nil, $0, nil) }) else {
            throw XMLError.internalFailure("could not create element <\(name)>")
        }
        guard xmlAddChild(pointer, node) != nil else {
            xmlFreeNode(node)
            throw XMLError.internalFailure("could not append element <\(name)>")
        }
        let child = XMLElement(document: document, pointer: node)
        if let namespace {
            let ns = try resolve(namespace, on: node, declaringOn: child)
            xmlSetNs(node, ns)
        } else if xmlSearchNs(pointer.pointee.doc, pointer, nil) != nil {
            // An unqualified child under a default namespace must undeclare it (xmlns="").
            let empty = withXMLChars("") { xmlNewNs(node, $0, nil) }
            if let empty { xmlSetNs(node, empty) }
        }
        return child
    }

    /// Appends a child element holding `text`.
    @discardableResult
    public func addChild(name: String, namespace: XMLNamespace? = nil, text: String) throws -> XMLElement {
        let child = try addChild(name: name, namespace: namespace)
        try child.setText(text)
        return child
    }

    /// Replaces the element's content with `text`, stored literally (`&`, `<` … are escaped on
    /// output, never interpreted as markup or entity references).
    public func setText(_ text: String) throws {
        try checkXMLCharacters(text, context: "Text of <\(qualifiedName)>")
        // Remove existing children (kept alive by the document: element values may point at them).
        var child = pointer.pointee.children
        while let node = child {
            child = node.pointee.next
            document.detach(node)
        }
        if text.isEmpty { return }
        guard let textNode = withXMLChars(text, { xmlNewDocText(pointer.pointee.doc, $0) }) else {
            throw XMLError.internalFailure("could not create text for <\(qualifiedName)>")
        }
        if xmlAddChild(pointer, textNode) == nil {
            xmlFreeNode(textNode)
            throw XMLError.internalFailure("could not add text to <\(qualifiedName)>")
        }
    }

    /// Sets attribute `name` to `value` (stored literally, escaped on output). With a
    /// `namespace`, the attribute is qualified (the namespace must have a prefix).
    public func setAttribute(name: String, value: String, namespace: XMLNamespace? = nil) throws {
        try checkNCName(name, kind: "attribute")
        try checkXMLCharacters(value, context: "Attribute \(name) of <\(qualifiedName)>")
        var ns: xmlNsPtr?
        if let namespace {
            guard namespace.prefix != nil else {
                throw XMLError.invalidName(name, kind: "namespaced attribute (its namespace needs a prefix)")
            }
            ns = try resolve(namespace, on: pointer, declaringOn: self)
            if ns?.pointee.prefix == nil {
                ns = try declareNamespaceReturningPointer(prefix: namespace.prefix, uri: namespace.uri)
            }
        }
        let result = withXMLChars(name) { namePointer in
            withXMLChars(value) { valuePointer in xmlSetNsProp(pointer, ns, namePointer, valuePointer) }
        }
        if result == nil { throw XMLError.internalFailure("could not set attribute \(name)") }
    }
}

extension XMLElement: Equatable {
    /// Two values are equal when they designate the same node.
    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.pointer == rhs.pointer
    }
}

@available(*, unavailable, message: "XMLElement points into a mutable XMLDocument")
extension XMLElement: Sendable {}
