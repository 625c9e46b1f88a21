import Foundation
import Ledger

/// A Procore webhook delivery body (api_version v2.0), checked field by field.
///
/// `{"id":…,"ulid":"01J…","timestamp":"…","metadata":{…},"user_id":…,"company_id":…,
/// "project_id":…,"api_version":"v2.0","event_type":"update","resource_name":"Requisitions","resource_id":…}`
public struct WebhookPayload: Sendable, Equatable {
    public var id: Int64?
    public var ulid: String
    public var companyID: Int64?
    public var projectID: Int64?
    public var eventType: String
    public var resourceName: String
    public var resourceID: Int64

    /// Largest body accepted (Procore's payloads are well under 2 KB).
    public static let maxBytes = 64 * 1024
    static let ulidAlphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    private struct Raw: Decodable {
        var id: Int64?
        var ulid: String?
        var company_id: Int64?
        var project_id: Int64?
        var event_type: String?
        var resource_name: String?
        var resource_id: Int64?
    }

    /// Parses and checks a body; the error names the field and what it must hold.
    public static func parse(_ body: Data) throws(WebhookPayloadError) -> WebhookPayload {
        guard body.count <= maxBytes else { throw .tooLarge(bytes: body.count, limit: maxBytes) }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: body)
        } catch let DecodingError.typeMismatch(type, context) {
            throw .invalidField(field: path(context.codingPath), reason: "must be \(type == String.self ? "a string" : "an integer")")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .invalidField(field: path(context.codingPath), reason: "must not be null")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw .invalidField(field: path(context.codingPath), reason: "is out of range")
        } catch {
            throw .malformedJSON(reason: "the body is not a JSON object")
        }
        guard let ulid = raw.ulid else { throw .missingField("ulid") }
        guard ulid.count == 26, ulid.uppercased().allSatisfy({ ulidAlphabet.contains($0) }) else {
            throw .invalidField(field: "ulid", reason: "must be 26 characters of Crockford base32 (got \(ulid.count) characters)")
        }
        guard let name = raw.resource_name else { throw .missingField("resource_name") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw .invalidField(field: "resource_name", reason: "must be 1 to 200 characters")
        }
        guard let resourceID = raw.resource_id else { throw .missingField("resource_id") }
        guard resourceID > 0 else { throw .invalidField(field: "resource_id", reason: "must be a positive integer") }
        guard let type = raw.event_type else { throw .missingField("event_type") }
        guard ["create", "update", "delete"].contains(type.lowercased()) else {
            throw .invalidField(field: "event_type", reason: "must be create, update or delete (got '\(type.prefix(40))')")
        }
        return WebhookPayload(id: raw.id, ulid: ulid.uppercased(), companyID: raw.company_id, projectID: raw.project_id,
                              eventType: type.lowercased(), resourceName: trimmed, resourceID: resourceID)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }

    /// The ledger row for this delivery, with the body as received.
    func row(body: Data) -> WebhookEventRow {
        WebhookEventRow(ulid: ulid, companyID: companyID, projectID: projectID, resourceName: resourceName,
                        resourceID: resourceID, eventType: eventType, payload: String(decoding: body, as: UTF8.self))
    }
}

/// Why a webhook delivery was refused (answered 400 or 413).
public enum WebhookPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedJSON(reason: String)
    case missingField(String)
    case invalidField(field: String, reason: String)
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .malformedJSON(let reason): return "Malformed webhook payload: \(reason). Procore sends a JSON object with ulid, resource_name, resource_id and event_type."
        case .missingField(let field): return "Webhook payload field '\(field)' is missing: a Procore v2.0 event always carries it."
        case .invalidField(let field, let reason): return "Webhook payload field '\(field)' \(reason)."
        case .tooLarge(let bytes, let limit): return "Webhook payload of \(bytes) bytes is over the \(limit)-byte limit."
        }
    }

    /// The field at fault, when one is.
    public var field: String? {
        switch self {
        case .missingField(let f), .invalidField(let f, _): return f
        default: return nil
        }
    }
}
