import Connector

extension DemoError: ConnectorFailure {
    /// A folder the demo cannot use is fixed with --dir (2); a demo that did not reconcile is fatal (1).
    public var exitStatus: ExitStatus {
        switch self {
        case .folder: return .configuration
        case .notReconciled: return .fatal
        }
    }
}
