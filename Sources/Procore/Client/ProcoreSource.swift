/// Read access to one Procore company: what the pull stage depends on.
///
/// ``ProcoreClient`` is the real implementation (REST over HTTPS); tests may supply others.
public protocol ProcoreSource: Sendable {
    /// The companies visible to the service account.
    func companies() async throws -> [Company]

    /// Every project of the configured company, raw.
    func projects() async throws -> [ProcoreRecord]

    /// Lists `resource`, page by page, following Procore's `Link: rel="next"` until there is none.
    ///
    /// - Parameters:
    ///   - projectID: required for project-scoped resources, ignored for company ones.
    ///   - updatedBetween: `(from, to)` ISO 8601 bounds sent as `filters[updated_at]=from...to`;
    ///     only for resources whose ``ProcoreResource/supportsUpdatedAtFilter`` is true.
    ///   - onPage: called with each page in order, before the next page is requested.
    /// - Throws: ``ProcoreError`` (e.g. `.forbidden(project:endpoint:)` for a project outside
    ///   the service account's permissions), or whatever `onPage` throws.
    func list(_ resource: ProcoreResource, projectID: Int64?, updatedBetween: (String, String)?,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws

    /// Lists `resource` for one commitment, page by page: for resources Procore lists per
    /// commitment (``ProcoreResource/listedPerCommitment``, i.e. `contract_payments`, whose
    /// `contract_id` is required).
    func list(_ resource: ProcoreResource, projectID: Int64, contractID: Int64,
              onPage: @Sendable (ProcorePage) async throws -> Void) async throws

    /// The child lists of one parent record, keyed by ``ProcoreChildEndpoint/name``
    /// (e.g. `["contract_items": [...], "change_order_items": [...]]`); empty when the
    /// resource has no children.
    func children(_ resource: ProcoreResource, parentID: Int64, projectID: Int64?) async throws -> [String: [ProcoreRecord]]

    /// One record by id (e.g. after a webhook). Throws `.notFound` when it does not exist.
    func get(_ resource: ProcoreResource, id: Int64, projectID: Int64?) async throws -> ProcoreRecord

    /// Traffic counters so far.
    var metrics: ProcoreClientMetrics { get async }
}
