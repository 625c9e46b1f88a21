import CLibXML2

/// Schemas compiled into the module, the only documents the external entity loader will
/// ever serve (from memory; nothing is read from disk or the network).
///
/// Import one from an XSD with `<xs:import namespace="…" schemaLocation="<location>"/>`.
public enum XMLBuiltInSchema: String, Sendable, CaseIterable {
    /// SOAP 1.1 envelope (`http://schemas.xmlsoap.org/soap/envelope/`) for the requests the
    /// connector sends: no `Header`, and a `Body` holding exactly one element from another
    /// namespace, validated strictly (so that element must be declared by the importing schema).
    case soapEnvelopeRequest = "urn:ml-connector:xsd:soap-1.1-envelope-request"

    /// The `schemaLocation` to import it with.
    public var location: String { rawValue }

    /// The schema text.
    public var text: StaticString {
        switch self {
        case .soapEnvelopeRequest:
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                           xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                           targetNamespace="http://schemas.xmlsoap.org/soap/envelope/"
                           elementFormDefault="qualified">
                  <xs:element name="Envelope">
                    <xs:complexType>
                      <xs:sequence>
                        <xs:element name="Body">
                          <xs:complexType>
                            <xs:sequence>
                              <xs:any namespace="##other" processContents="strict" minOccurs="1" maxOccurs="1"/>
                            </xs:sequence>
                          </xs:complexType>
                        </xs:element>
                      </xs:sequence>
                    </xs:complexType>
                  </xs:element>
                </xs:schema>
                """
        }
    }
}

/// The external entity loader: serves the built-in schemas from memory, refuses everything
/// else (files, http, ftp …) by returning no input.
let builtInOnlyEntityLoader: xmlExternalEntityLoader = { url, _, ctxt in
    guard let url, let ctxt else { return nil }
    let requested = String(cString: url)
    guard let schema = XMLBuiltInSchema(rawValue: requested) else { return nil }
    let text = schema.text
    let buffer = text.utf8Start.withMemoryRebound(to: CChar.self, capacity: text.utf8CodeUnitCount) {
        xmlParserInputBufferCreateStatic($0, Int32(text.utf8CodeUnitCount), XML_CHAR_ENCODING_UTF8)
    }
    guard let buffer else { return nil }
    guard let input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_UTF8) else {
        xmlFreeParserInputBuffer(buffer)
        return nil
    }
    return input
}
