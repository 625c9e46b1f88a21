import CLibXML2

/// Process-wide libxml2 setup, done once and lazily (Swift globals are initialized
/// thread-safely on first use).
enum LibXML {
    /// Touch this before any libxml2 call.
    static let initialized: Bool = {
        xmlInitParser()
        // Never load anything from outside: no files, no network, for DTDs, entities,
        // XInclude or schema imports alike. Only the compiled-in schemas are served.
        xmlSetExternalEntityLoader(builtInOnlyEntityLoader)
        return true
    }()

    @inline(__always)
    static func ensureInitialized() {
        precondition(initialized)
    }

    /// libxml2's deallocator, read once through `xmlMemGet` (the `xmlFree` global is
    /// mutable shared state as far as Swift can tell).
    static let free: xmlFreeFunc = {
        var freeFunc: xmlFreeFunc?
        var mallocFunc: xmlMallocFunc?
        var reallocFunc: xmlReallocFunc?
        var strdupFunc: xmlStrdupFunc?
        _ = xmlMemGet(&freeFunc, &mallocFunc, &reallocFunc, &strdupFunc)
        guard let freeFunc else { fatalError("libxml2 has no deallocator configured") }
        return freeFunc
    }()
}

/// Frees memory allocated by libxml2.
func xmlRelease(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    LibXML.free(pointer)
}

/// Collects libxml2 structured errors for one parse, validation or XPath evaluation.
final class DiagnosticCollector {
    var diagnostics: [XMLDiagnostic] = []
    /// Raw libxml2 error codes, parallel to `diagnostics`.
    var codes: [Int32] = []
    var str1: [String?] = []
    /// Set when the parser met a DOCTYPE (line, column).
    var doctype: (line: Int, column: Int)?

    func record(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        var message = e.message.map { String(cString: $0) } ?? "unknown error"
        while let last = message.last, last == "\n" || last == " " { message.removeLast() }
        var path: String?
        if let node = e.node {
            let nodePtr = node.assumingMemoryBound(to: xmlNode.self)
            if let raw = xmlGetNodePath(nodePtr) {
                path = String(cString: raw)
                xmlRelease(raw)
            }
        }
        var line = Int(e.line)
        if line == 0, let node = e.node {
            line = Int(xmlGetLineNo(node.assumingMemoryBound(to: xmlNode.self)))
            if line < 0 { line = 0 }
        }
        diagnostics.append(XMLDiagnostic(line: line, column: Int(e.int2), message: message, path: path))
        codes.append(Int32(e.code))
        str1.append(e.str1.map { String(cString: $0) })
    }
}

/// C callback used as `xmlStructuredErrorFunc` where userData is an unretained
/// `DiagnosticCollector` (schema parser, schema validator, XPath).
let collectorErrorHandler: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    Unmanaged<DiagnosticCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
}

// MARK: - String helpers (Foundation-free)

/// Calls `body` with a NUL-terminated xmlChar copy of `string`.
func withXMLChars<R>(_ string: String, _ body: (UnsafePointer<xmlChar>) throws -> R) rethrows -> R {
    try string.withCString { cString in
        try cString.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1) { try body($0) }
    }
}

/// Optional variant: `nil` passes a NULL pointer.
func withOptionalXMLChars<R>(_ string: String?, _ body: (UnsafePointer<xmlChar>?) throws -> R) rethrows -> R {
    guard let string else { return try body(nil) }
    return try withXMLChars(string) { try body($0) }
}

/// Swift String from a libxml2 string (not freed).
func xmlString(from chars: UnsafePointer<xmlChar>?) -> String? {
    guard let chars else { return nil }
    return String(cString: chars)
}

/// Swift String from a libxml2-allocated string, which is then freed.
func consumeString(_ chars: UnsafeMutablePointer<xmlChar>?) -> String? {
    guard let chars else { return nil }
    defer { xmlRelease(chars) }
    return String(cString: chars)
}

/// Checks that `text` holds only characters XML 1.0 allows
/// (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]).
func checkXMLCharacters(_ text: String, context: @autoclosure () -> String) throws {
    var offset = 0
    for scalar in text.unicodeScalars {
        let v = scalar.value
        let ok: Bool
        switch v {
        case 0x9, 0xA, 0xD: ok = true
        case 0x20...0xD7FF: ok = true
        case 0xE000...0xFFFD: ok = true
        case 0x10000...0x10FFFF: ok = true
        default: ok = false
        }
        if !ok { throw XMLError.invalidCharacter(context: context(), scalar: v, offset: offset) }
        offset += 1
    }
}

/// Checks that `name` is an XML NCName (no colon).
func checkNCName(_ name: String, kind: String) throws {
    let valid = !name.isEmpty && withXMLChars(name) { xmlValidateNCName($0, 0) == 0 }
    if !valid { throw XMLError.invalidName(name, kind: kind) }
}
