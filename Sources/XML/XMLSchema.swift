import CLibXML2

/// A compiled W3C XML Schema (XSD), loaded from memory with no file or network access.
///
/// The schema text is first parsed with the safe parser (no DOCTYPE, no entities), then
/// compiled; `xs:import`/`xs:include` with a `schemaLocation` cannot load anything
/// (the external entity loader refuses it). A compiled schema is read-only and each
/// ``validate(_:)`` call uses its own validation context, so one schema can be shared
/// between tasks.
public final class XMLSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    /// The parsed schema document; libxml2 may refer to it for the schema's lifetime.
    private let source: XMLDocument

    /// Compiles a schema from XSD bytes. Throws ``XMLError/schema(_:)`` naming what is wrong.
    public init(bytes: [UInt8]) throws {
        LibXML.ensureInitialized()
        let document = try XMLDocument.parse(bytes: bytes)
        guard let parserContext = xmlSchemaNewDocParserCtxt(document.pointer) else {
            throw XMLError.internalFailure("could not allocate a schema parser context")
        }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        let collector = DiagnosticCollector()
        let compiled: xmlSchemaPtr? = withExtendedLifetime(collector) {
            xmlSchemaSetParserStructuredErrors(
                parserContext, collectorErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(parserContext)
        }
        guard let compiled else {
            let diagnostics = collector.diagnostics.isEmpty
                ? [XMLDiagnostic(line: 0, message: "the schema could not be compiled")]
                : collector.diagnostics
            throw XMLError.schema(diagnostics)
        }
        schema = compiled
        source = document
    }

    /// Compiles a schema from XSD text.
    public convenience init(_ text: String) throws {
        try self.init(bytes: Array(text.utf8))
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates `document`; throws ``XMLError/invalid(_:)`` listing every violation with its
    /// line (for parsed documents) and node path.
    public func validate(_ document: XMLDocument) throws {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw XMLError.internalFailure("could not allocate a schema validation context")
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = DiagnosticCollector()
        let status: Int32 = withExtendedLifetime(collector) {
            xmlSchemaSetValidStructuredErrors(
                context, collectorErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaValidateDoc(context, document.pointer)
        }
        if status == 0 { return }
        if collector.diagnostics.isEmpty {
            throw XMLError.invalid([XMLDiagnostic(line: 0, message: "validation failed (libxml2 status \(status))")])
        }
        throw XMLError.invalid(collector.diagnostics)
    }

    /// Parses `bytes` safely and validates the result; returns the document when valid.
    @discardableResult
    public func validate(bytes: [UInt8]) throws -> XMLDocument {
        let document = try XMLDocument.parse(bytes: bytes)
        try validate(document)
        return document
    }
}
