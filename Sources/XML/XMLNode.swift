import CLibXML2

/// A node selected by XPath: an element, attribute, text, comment or other node.
public struct XMLNode {
    /// What kind of node this is.
    public enum Kind: Sendable, Equatable {
        case element, attribute, text, comment, processingInstruction, namespace, document, other
    }

    /// The document the node belongs to.
    public let document: XMLDocument
    let pointer: xmlNodePtr

    init(document: XMLDocument, pointer: xmlNodePtr) {
        self.document = document
        self.pointer = pointer
    }

    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: return .element
        case XML_ATTRIBUTE_NODE: return .attribute
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: return .text
        case XML_COMMENT_NODE: return .comment
        case XML_PI_NODE: return .processingInstruction
        case XML_NAMESPACE_DECL: return .namespace
        case XML_DOCUMENT_NODE: return .document
        default: return .other
        }
    }

    /// Local name (element or attribute name; `text` for text nodes).
    public var name: String {
        if kind == .namespace { return "xmlns" }
        return xmlString(from: pointer.pointee.name) ?? ""
    }

    /// The node's string value (text content; attribute value).
    public var text: String {
        if kind == .namespace {
            let ns = UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlNs.self)
            return xmlString(from: ns.pointee.href) ?? ""
        }
        return consumeString(xmlNodeGetContent(pointer)) ?? ""
    }

    /// The element, when this node is one.
    public var element: XMLElement? {
        kind == .element ? XMLElement(document: document, pointer: pointer) : nil
    }
}

@available(*, unavailable, message: "XMLNode points into a mutable XMLDocument")
extension XMLNode: Sendable {}
