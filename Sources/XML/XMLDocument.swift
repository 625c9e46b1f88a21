import CLibXML2

/// An XML document owned by libxml2 (`xmlDocPtr`), freed when this object goes away.
///
/// Build one with ``init()`` and ``createRoot(name:namespace:)``, or parse one safely with
/// ``parse(bytes:limits:)``. Not `Sendable`: a document is mutable through its elements;
/// keep it inside one task, and pass the serialized bytes between tasks instead.
public final class XMLDocument {
    let pointer: xmlDocPtr
    /// Nodes unlinked from the tree (replaced root, replaced text). They are kept until the
    /// document goes away, so element values that still point at them stay valid.
    private var detached: [xmlNodePtr] = []

    init(owning pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    /// A new, empty XML 1.0 document.
    public init() {
        LibXML.ensureInitialized()
        guard let doc = withXMLChars("1.0", { xmlNewDoc($0) }) else {
            fatalError("libxml2 could not allocate a document (out of memory)")
        }
        pointer = doc
    }

    /// A new document whose root element is `name`, in `namespace` (declared on the root).
    public convenience init(rootName name: String, namespace: XMLNamespace? = nil) throws {
        self.init()
        _ = try createRoot(name: name, namespace: namespace)
    }

    deinit {
        for node in detached { xmlFreeNode(node) }
        xmlFreeDoc(pointer)
    }

    /// Unlinks `node` from the tree and keeps it until the document is freed.
    func detach(_ node: xmlNodePtr) {
        xmlUnlinkNode(node)
        detached.append(node)
    }

    /// The root element, if there is one.
    public var root: XMLElement? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return XMLElement(document: self, pointer: node)
    }

    /// Creates (or replaces) the root element. When `namespace` is given it is declared on
    /// the root and the root is placed in it.
    @discardableResult
    public func createRoot(name: String, namespace: XMLNamespace? = nil) throws -> XMLElement {
        try checkNCName(name, kind: "element")
        if let prefix = namespace?.prefix { try checkNCName(prefix, kind: "namespace prefix") }
        if let uri = namespace?.uri { try checkXMLCharacters(uri, context: "Namespace URI") }
        guard let node = withXMLChars(name, { xmlNewDocNode(pointer, nil, $0, nil) }) else {
            throw XMLError.internalFailure("could not create element <\(name)>")
        }
        if let old = xmlDocSetRootElement(pointer, node) {
            detach(old)
        }
        let element = XMLElement(document: self, pointer: node)
        if let namespace {
            let ns = try element.declareNamespaceReturningPointer(prefix: namespace.prefix, uri: namespace.uri)
            xmlSetNs(node, ns)
        }
        return element
    }

    // MARK: Serialization

    /// The document as UTF-8 bytes with an XML declaration
    /// (`<?xml version="1.0" encoding="UTF-8"?>`). With `indent`, elements that hold only
    /// elements are indented by two spaces. The same tree always gives the same bytes.
    public func serialize(indent: Bool = false) throws -> [UInt8] {
        guard let buffer = xmlBufferCreate() else {
            throw XMLError.internalFailure("could not allocate an output buffer")
        }
        defer { xmlBufferFree(buffer) }
        var options = Int32(0)
        if indent { options |= Int32(XML_SAVE_FORMAT.rawValue) }
        guard let save = xmlSaveToBuffer(buffer, "UTF-8", options) else {
            throw XMLError.internalFailure("could not create a serializer")
        }
        let written = xmlSaveDoc(save, pointer)
        let closed = xmlSaveClose(save)
        if written < 0 || closed < 0 {
            throw XMLError.internalFailure("serialization failed (a value may not be encodable)")
        }
        let length = Int(xmlBufferLength(buffer))
        guard length > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    /// The document as a String (see ``serialize(indent:)``).
    public func serializedString(indent: Bool = false) throws -> String {
        String(decoding: try serialize(indent: indent), as: UTF8.self)
    }
}

@available(*, unavailable, message: "XMLDocument is mutable; pass serialized bytes between tasks")
extension XMLDocument: Sendable {}
