import Testing
@testable import Procore

@Suite("Link header")
struct LinkHeaderTests {
    @Test("Procore's first/prev/next/last links")
    func procoreStyle() {
        let value = #"<http://127.0.0.1:4010/rest/v1.0/projects?company_id=1&page=1&per_page=2>; rel="first", "#
            + #"<http://127.0.0.1:4010/rest/v1.0/projects?company_id=1&page=2&per_page=2>; rel="prev", "#
            + #"<http://127.0.0.1:4010/rest/v1.0/projects?company_id=1&page=4&per_page=2>; rel="next", "#
            + #"<http://127.0.0.1:4010/rest/v1.0/projects?company_id=1&page=9&per_page=2>; rel="last""#
        #expect(LinkHeader.url(rel: "next", in: [value]) == "http://127.0.0.1:4010/rest/v1.0/projects?company_id=1&page=4&per_page=2")
        #expect(LinkHeader.url(rel: "last", in: [value])?.hasSuffix("page=9&per_page=2") == true)
        #expect(LinkHeader.url(rel: "prev", in: [value])?.hasSuffix("page=2&per_page=2") == true)
    }

    @Test("no next on the last page, and no Link header at all")
    func noNext() {
        let value = #"<https://api.procore.com/x?page=1>; rel="first", <https://api.procore.com/x?page=2>; rel="prev""#
        #expect(LinkHeader.url(rel: "next", in: [value]) == nil)
        #expect(LinkHeader.url(rel: "next", in: []) == nil)
        #expect(LinkHeader.url(rel: "next", in: [""]) == nil)
    }

    @Test("commas and semicolons inside the URL, unquoted and multiple rels, split headers")
    func tricky() {
        let value = #"<https://h/x?filters[id]=1,2,3&a=b;c>; rel=next; title="a, b", <https://h/y>; rel="last first""#
        #expect(LinkHeader.url(rel: "next", in: [value]) == "https://h/x?filters[id]=1,2,3&a=b;c")
        #expect(LinkHeader.url(rel: "first", in: [value]) == "https://h/y")
        #expect(LinkHeader.url(rel: "NEXT", in: [#"<https://h/p1>; rel="prev""#, #"<https://h/p3>; REL="Next""#]) == "https://h/p3")
    }
}
