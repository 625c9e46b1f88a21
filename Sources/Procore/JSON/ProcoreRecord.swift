import Foundation

/// One record exactly as Procore sent it, with its id and `updated_at` read off the bytes.
public struct ProcoreRecord: Sendable, Hashable {
    /// The record's `id`.
    public var id: Int64
    /// The record's `updated_at` text as sent (e.g. `2026-01-02T03:04:05.678Z`), if present.
    public var updatedAt: String?
    /// The record's JSON bytes, byte for byte as received. Records of a list page are slices
    /// of the page's body: index from `raw.startIndex`, not 0.
    public var raw: Data

    public init(id: Int64, updatedAt: String?, raw: Data) {
        self.id = id
        self.updatedAt = updatedAt
        self.raw = raw
    }

    /// Decodes the record into a model with ``ProcoreJSONDecoder`` (money exact, never via Double).
    ///
    /// - Parameter resource: named in errors, e.g. `requisitions`.
    /// - Throws: ``ProcoreError/invalidRecord(resource:recordID:field:reason:)`` naming the field.
    public func decode<T: Decodable>(_ type: T.Type = T.self, resource: String = "\(T.self)") throws(ProcoreError) -> T {
        do {
            return try ProcoreJSONDecoder().decode(T.self, from: raw)
        } catch {
            throw .invalidRecord(resource: resource, recordID: id, field: error.path, reason: error.reason)
        }
    }
}
