import Foundation
import HTTP
import JSON

/// What a Procore sync action answered: the records as Procore stored them, and each refused
/// update (Procore answers 200 with per-record errors; none is lost).
public struct ProcoreSyncResult<Entity: Sendable & Equatable>: Sendable, Equatable {
    public var entities: [Entity]
    public var errors: [VendorSyncRefusal]

    public init(entities: [Entity] = [], errors: [VendorSyncRefusal] = []) {
        self.entities = entities
        self.errors = errors
    }
}

extension ProcoreClient {
    /// A sync action (`PATCH …/sync`): the updates in requests of at most `perRequest` (each
    /// body the `top` fields and `updates`), the entities decoded as `T`, the refusals collected.
    func sync<T: Decodable & Sendable & Equatable>(path: String, endpoint: String, projectID: Int64?, top: [(String, JSONValue)],
                                                  updates: [JSONValue], perRequest: Int, as type: T.Type) async throws -> ProcoreSyncResult<T> {
        var result = ProcoreSyncResult<T>()
        var start = 0
        while start < updates.count {
            let chunk = Array(updates[start..<min(updates.count, start + max(1, perRequest))])
            start += chunk.count
            let body = Data(JSONWriter.bytes(of: .object(JSONObject(top + [("updates", .array(chunk))]))))
            let response = try await send(url(path, []), endpoint: endpoint, projectID: projectID, method: .patch, body: body)
            let answer: JSONValue
            do { answer = try JSONValue.parse(response.body) } catch {
                throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                                   reason: "the answer is not JSON (\(error)); the records are matched by origin_id, so sending them again updates rather than duplicates")
            }
            guard case .array(let entities)? = answer["entities"] else {
                throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID,
                                                   reason: "the answer has no entities list; the records are matched by origin_id, so sending them again updates rather than duplicates")
            }
            for entity in entities {
                do {
                    result.entities.append(try ProcoreJSONDecoder().decode(T.self, from: Data(JSONWriter.bytes(of: entity))))
                } catch {
                    throw ProcoreError.invalidResponse(endpoint: endpoint, project: projectID, reason: "a synced record could not be read (\(error))")
                }
            }
            if case .array(let errors)? = answer["errors"] {
                for entry in errors { result.errors.append(Self.refusal(entry)) }
            }
        }
        return result
    }
}
