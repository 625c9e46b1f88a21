/// The pages of a paged agent read as an `AsyncSequence` of item arrays. Stops after the page
/// whose `next_cursor` is null; a cursor that repeats is an error (the agent would loop forever).
public struct SageAgentPages<Item: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = [Item]
    let client: SageAgentClient
    let resource: String
    let query: [(String, String?)]
    let pageLimit: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let pages: SageAgentPages
        var cursor: String?
        var seen: Set<String> = []
        var finished = false

        init(pages: SageAgentPages) { self.pages = pages }

        public mutating func next() async throws -> [Item]? {
            guard !finished else { return nil }
            let page = try await pages.client.page(pages.resource, of: Item.self, query: pages.query,
                                                   cursor: cursor, limit: pages.pageLimit)
            if let next = page.nextCursor, !next.isEmpty {
                guard seen.insert(next).inserted else {
                    finished = true
                    throw SageAgentError.invalidResponse(
                        request: "GET \(pages.resource)",
                        detail: "next_cursor '\(next.prefix(40))' repeats an earlier page's cursor")
                }
                cursor = next
            } else {
                finished = true
            }
            return page.items
        }
    }
}
