import Foundation
import HTTP

/// What one probe of a list endpoint found (`ml-connector ping`).
public struct ProcoreProbe: Sendable, Equatable {
    /// Records on the probed page (at most 1).
    public var records: Int
    /// `X-Rate-Limit-Limit` and `X-Rate-Limit-Remaining` of the answer, when sent.
    public var rateLimit: Int?
    public var rateRemaining: Int?
}

extension ProcoreClient {
    /// Asks for one record of `resource` (`per_page=1`), to learn whether the service account
    /// may read it, and the rate-limit headroom. Throws ``ProcoreError`` (`.forbidden` for a
    /// tool the account has no permission on, `.authenticationFailed` for wrong credentials).
    public func probe(_ resource: ProcoreResource, projectID: Int64?) async throws -> ProcoreProbe {
        let queryProject = resource.scope == .project || resource == .lineItemTypes ? projectID : nil
        let (path, scopeQuery) = resource.listPath(companyID: configuration.companyID, projectID: queryProject, contractID: nil)
        let response = try await send(url(path, scopeQuery + [("page", "1"), ("per_page", "1")]), endpoint: path, projectID: projectID)
        let records = ((try? JSONSerialization.jsonObject(with: response.body)) as? [Any])?.count ?? 0
        return ProcoreProbe(records: records,
                            rateLimit: response.headers["X-Rate-Limit-Limit"].flatMap { Int($0.trimmedDigits) },
                            rateRemaining: response.headers["X-Rate-Limit-Remaining"].flatMap { Int($0.trimmedDigits) })
    }
}
