import Foundation
import JSON

/// The JSON columns of `pending_versions` (`line_items`, `payment_fact`), written and read
/// without `Codable`: every version a pull receives is written to them and read back when its
/// scope completes, and Foundation's coders were the largest part of that round trip. The text
/// is the same JSON the `Codable` forms write (member names as the properties, absent values
/// left out), so either side can read the other's.
enum PendingColumns {
    static func text(_ items: [SourceLineItem]) -> String {
        var writer = JSONWriter(capacity: items.count * 64)
        writer.append("[")
        for (index, item) in items.enumerated() {
            if index > 0 { writer.append(",") }
            writer.append("{")
            writer.member("id", first: true)
            writer.append(json: String(item.id).utf8)
            if let code = item.costCode { writer.member("costCode"); writer.write(string: code) }
            if let typeID = item.costTypeID { writer.member("costTypeID"); writer.append(json: String(typeID).utf8) }
            if let typeCode = item.costTypeCode { writer.member("costTypeCode"); writer.write(string: typeCode) }
            writer.append("}")
        }
        writer.append("]")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func lineItems(_ text: String) throws -> [SourceLineItem] {
        func corrupt() -> LedgerError {
            .corruptValue(table: "pending_versions", column: "line_items", value: String(text.prefix(80)))
        }
        guard case .array(let elements) = try parse(text, corrupt) else { throw corrupt() }
        return try elements.map { element in
            guard case .object(let object) = element, let id = integer(object["id"]) else { throw corrupt() }
            return SourceLineItem(id: id, costCode: try optionalText(object["costCode"], corrupt),
                                  costTypeID: try optionalInteger(object["costTypeID"], corrupt),
                                  costTypeCode: try optionalText(object["costTypeCode"], corrupt))
        }
    }

    static func text(_ fact: SourcePaymentFact) -> String {
        var writer = JSONWriter(capacity: 96)
        writer.append("{")
        writer.member("kind", first: true)
        writer.write(string: fact.kind.rawValue)
        if let id = fact.commitmentID { writer.member("commitmentID"); writer.append(json: String(id).utf8) }
        if let id = fact.requisitionID { writer.member("requisitionID"); writer.append(json: String(id).utf8) }
        writer.member("active")
        writer.append(json: (fact.active ? "true" : "false").utf8)
        writer.member("cents")
        writer.append(json: String(fact.cents).utf8)
        writer.append("}")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func fact(_ text: String) throws -> SourcePaymentFact {
        func corrupt() -> LedgerError {
            .corruptValue(table: "pending_versions", column: "payment_fact", value: String(text.prefix(80)))
        }
        guard case .object(let object) = try parse(text, corrupt),
              case .string(let kindText)? = object["kind"], let kind = SourcePaymentFact.Kind(rawValue: kindText),
              case .bool(let active)? = object["active"], let cents = integer(object["cents"]) else { throw corrupt() }
        return SourcePaymentFact(kind: kind, commitmentID: try optionalInteger(object["commitmentID"], corrupt),
                                 requisitionID: try optionalInteger(object["requisitionID"], corrupt),
                                 active: active, cents: cents)
    }

    private static func parse(_ text: String, _ corrupt: () -> LedgerError) throws -> JSONValue {
        do { return try JSONValue.parse(Data(text.utf8)) } catch { throw corrupt() }
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        guard case .number(let digits)? = value else { return nil }
        return Int64(digits)
    }

    private static func optionalInteger(_ value: JSONValue?, _ corrupt: () -> LedgerError) throws -> Int64? {
        switch value {
        case nil, .null?: return nil
        case let value?:
            guard let number = integer(value) else { throw corrupt() }
            return number
        }
    }

    private static func optionalText(_ value: JSONValue?, _ corrupt: () -> LedgerError) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw corrupt()
        }
    }
}
