import CLibXML2
import Testing
@testable import XML

@Suite("Parser options")
struct XMLParseOptionsTests {
    @Test("no entity substitution, no DTD loading or validation, no huge documents, no network")
    func safeOptions() {
        let options = UInt32(bitPattern: XMLDocument.safeParseOptions)
        for forbidden in [XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID, XML_PARSE_HUGE,
            XML_PARSE_XINCLUDE, XML_PARSE_RECOVER]
        {
            #expect(options & forbidden.rawValue == 0, "option \(forbidden.rawValue) must be off")
        }
        #expect(options & XML_PARSE_NONET.rawValue != 0)
    }
}
