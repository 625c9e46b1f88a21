import Foundation
import JSON

/// A JSON value as it travels in the agent contract (`record` objects of an import, read-back
/// documents); money travels as decimal *strings* ("1234.50") by contract.
extension JSONValue {
    /// The JSON value an `Encodable` value encodes to (e.g. a Sage model into an import record),
    /// built directly (``JSONValueEncoder``), never through JSON text.
    public init(encoding value: some Encodable) throws {
        self = try JSONValueEncoder().encode(value)
    }

    /// Decodes this value into `T` (e.g. a read-back document into a Sage model).
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        let data = try AgentWire.makeEncoder().encode(self)
        return try AgentWire.makeDecoder().decode(T.self, from: data)
    }
}
