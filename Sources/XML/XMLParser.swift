import CLibXML2

/// Limits applied when parsing untrusted XML.
public struct XMLParseLimits: Sendable, Equatable {
    /// Largest accepted input, in bytes.
    public var maximumBytes: Int

    public init(maximumBytes: Int = 32 * 1024 * 1024) {
        self.maximumBytes = maximumBytes
    }

    /// 32 MiB; libxml2's own limits (10 MB text node, depth 256, name length) stay on.
    public static let `default` = XMLParseLimits()
}

extension XMLDocument {
    /// Parses untrusted XML safely.
    ///
    /// - Refuses any DOCTYPE (so no DTD, no entity declarations, no external entities,
    ///   no entity expansion): the parse stops at the DOCTYPE before its internal subset is read.
    /// - No network (`XML_PARSE_NONET`), no entity substitution (no `XML_PARSE_NOENT`), no DTD
    ///   loading, libxml2's size/depth limits on (no `XML_PARSE_HUGE`), and an external
    ///   entity loader that refuses everything.
    /// - Errors are collected per parser context and thrown as ``XMLError`` with line/column.
    public static func parse(bytes: [UInt8], limits: XMLParseLimits = .default) throws -> XMLDocument {
        LibXML.ensureInitialized()
        if bytes.isEmpty { throw XMLError.empty }
        if bytes.count > limits.maximumBytes || bytes.count > Int(Int32.max) {
            throw XMLError.tooLarge(bytes: bytes.count, limit: min(limits.maximumBytes, Int(Int32.max)))
        }
        guard let ctxt = xmlNewParserCtxt() else {
            throw XMLError.internalFailure("could not allocate a parser context")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        mlc_xml_silence_generic_errors()  // errors come through the structured handler only
        let collector = DiagnosticCollector()
        let doc: xmlDocPtr? = withExtendedLifetime(collector) {
            ctxt.pointee._private = Unmanaged.passUnretained(collector).toOpaque()
            if let sax = ctxt.pointee.sax {
                sax.pointee.serror = parserErrorHandler
                sax.pointee.internalSubset = refuseDoctype
            }
            let options = XMLDocument.safeParseOptions
            let result = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(ctxt, $0, Int32(buffer.count), nil, nil, options)
                }
            }
            ctxt.pointee._private = nil
            return result
        }
        if let doctype = collector.doctype {
            if let doc { xmlFreeDoc(doc) }
            throw XMLError.dtdNotAllowed(line: doctype.line, column: doctype.column)
        }
        guard let doc else {
            throw firstError(collector) ?? XMLError.malformed(XMLDiagnostic(line: 0, message: "the parser returned no document"))
        }
        let document = XMLDocument(owning: doc)
        // Defence in depth: a DTD can never survive into a parsed document.
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            throw XMLError.dtdNotAllowed(line: 1, column: 1)
        }
        if document.root == nil { throw XMLError.noRootElement }
        return document
    }

    /// Parser options: no network, no DTD loading, no entity substitution, no HUGE; CDATA
    /// merged into text; line numbers above 65535 kept. On libxml2 2.13 and later,
    /// `XML_PARSE_NO_XXE` (1 << 23) is added as well (2.9.x does not have it; the DOCTYPE
    /// refusal and the entity loader cover it there).
    static let safeParseOptions: Int32 = {
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
        if LIBXML_VERSION >= 21300 { options |= 1 << 23 }
        return Int32(bitPattern: options)
    }()

    /// Parses XML text (see ``parse(bytes:limits:)``).
    public static func parse(_ text: String, limits: XMLParseLimits = .default) throws -> XMLDocument {
        try parse(bytes: Array(text.utf8), limits: limits)
    }

    private static func firstError(_ collector: DiagnosticCollector) -> XMLError? {
        guard let first = collector.diagnostics.first else { return nil }
        // XML_ERR_UNDECLARED_ENTITY (26) and XML_WAR_UNDECLARED_ENTITY (27): a reference to an
        // entity that was never (and may never be) declared.
        if let index = collector.codes.firstIndex(where: { $0 == 26 || $0 == 27 }) {
            let d = collector.diagnostics[index]
            return .entityNotAllowed(name: collector.str1[index] ?? "?", line: d.line, column: d.column)
        }
        return .malformed(first)
    }
}

/// Structured error handler for the parser: userData is the parser context itself
/// (libxml2 passes `ctxt->userData`, which is the context), whose `_private` holds the collector.
private let parserErrorHandler: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let ctxt = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let collectorPointer = ctxt.pointee._private else { return }
    Unmanaged<DiagnosticCollector>.fromOpaque(collectorPointer).takeUnretainedValue().record(error)
}

/// SAX `internalSubset` callback, fired when `<!DOCTYPE name …` has been read and before any
/// `[ … ]` internal subset: records the position and stops the parser.
private let refuseDoctype: internalSubsetSAXFunc = { ctx, _, _, _ in
    guard let ctx else { return }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    if let collectorPointer = ctxt.pointee._private {
        let collector = Unmanaged<DiagnosticCollector>.fromOpaque(collectorPointer).takeUnretainedValue()
        if collector.doctype == nil {
            let line = Int(xmlSAX2GetLineNumber(ctx))
            let column = Int(xmlSAX2GetColumnNumber(ctx))
            collector.doctype = (line, column)
        }
    }
    xmlStopParser(ctxt)
}
