import Foundation
import JSON

/// What is wrong with a read-back page, naming the item and the field.
public struct AgentReadBackError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension AgentPostedDocument {
    /// Reads one document from the JSON scanner's value. Read-back pages carry whole Sage
    /// records (headers, every line, distributions); `Codable`'s keyed containers make decoding
    /// them the largest part of reconciling a big run, while the scanner reads the same bytes
    /// once. The fields and their rules are those of the `Codable` form (``CodingKeys``):
    /// `sage_key`, `kind`, `posted_at`, `amount` and `record` required, `batch_id` and
    /// `idempotency_key` text or null.
    public init(scanned value: JSONValue) throws(AgentReadBackError) {
        guard case .object(let object) = value else {
            throw AgentReadBackError(description: "the document is \(value.typeName), expected an object")
        }
        func required(_ key: String) throws(AgentReadBackError) -> String {
            switch object[key] {
            case .string(let text)?: return text
            case nil: throw AgentReadBackError(description: "missing field '\(key)'")
            case let other?: throw AgentReadBackError(description: "field \(key) is \(other.typeName), expected text")
            }
        }
        func optional(_ key: String) throws(AgentReadBackError) -> String? {
            switch object[key] {
            case .string(let text)?: return text
            case nil, .null?: return nil
            case let other?: throw AgentReadBackError(description: "field \(key) is \(other.typeName), expected text or null")
            }
        }
        guard let record = object["record"] else {
            throw AgentReadBackError(description: "missing field 'record'")
        }
        self.init(sageKey: try required("sage_key"), kind: try required("kind"), batchID: try optional("batch_id"),
                  idempotencyKey: try optional("idempotency_key"), postedAt: try required("posted_at"),
                  amount: try required("amount"), record: record)
    }
}

extension AgentPage where Item == AgentPostedDocument {
    /// A read-back page (`{"items": [...], "next_cursor": …}`) through the JSON scanner.
    public static func scanned(_ body: Data) throws(AgentReadBackError) -> AgentPage<AgentPostedDocument> {
        let value: JSONValue
        do {
            value = try JSONValue.parse(body)
        } catch {
            throw AgentReadBackError(description: "the body is not JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw AgentReadBackError(description: "the body is \(value.typeName), expected an object")
        }
        guard case .array(let elements)? = object["items"] else {
            throw AgentReadBackError(description: object["items"] == nil ? "missing field 'items' in the body"
                                        : "field items is \(object["items"]!.typeName), expected an array")
        }
        let cursor: String?
        switch object["next_cursor"] {
        case .string(let text)?: cursor = text
        case nil, .null?: cursor = nil
        case let other?: throw AgentReadBackError(description: "field next_cursor is \(other.typeName), expected text or null")
        }
        var items: [AgentPostedDocument] = []
        items.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do {
                items.append(try AgentPostedDocument(scanned: element))
            } catch {
                throw AgentReadBackError(description: "items[\(index)]: \(error.description)")
            }
        }
        return AgentPage(items: items, nextCursor: cursor)
    }
}
