import Sage100

/// A document's batch output, rendered once when the transform checked it: its Visual
/// Integrator rows and its agent import record (JSON bytes). The batch writer assembles the
/// files from these instead of rendering every document a second time.
public struct RenderedForBatch: Sendable {
    public var rows: VIRenderedDocument
    /// `{"idempotency_key":…,"record":{…}}`, as it goes into `<kind>.json`.
    public var agentJSON: [UInt8]

    public init(rows: VIRenderedDocument, agentJSON: [UInt8]) {
        self.rows = rows
        self.agentJSON = agentJSON
    }
}
