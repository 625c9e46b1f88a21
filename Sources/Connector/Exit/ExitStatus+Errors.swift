import Hosting
import Procore
import Sage100

// How each error of the connector ends a command (README "Exit codes"). An error type not
// listed here ends it as fatal (1). Lock errors end it as busy (5), naming the lock file.

extension ConfigurationError: ConnectorFailure {
    public var exitStatus: ExitStatus { .configuration }
}

extension MappingConfigurationError: ConnectorFailure {
    public var exitStatus: ExitStatus { .configuration }
}

extension ProcoreError: ConnectorFailure {
    /// Refused credentials and unusable settings are fixed in the configuration; the rest is fatal.
    public var exitStatus: ExitStatus {
        switch self {
        case .authenticationFailed, .invalidConfiguration: return .configuration
        default: return .fatal
        }
    }
}

extension PullError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        switch self {
        case .unknownResource, .unknownProjects, .authentication: return .configuration
        case .staging(let error): return error.exitStatus
        case .projectsUnavailable, .ledger: return .fatal
        }
    }
}

extension StagingError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        if case .locked = self { return .busy }
        return .fatal
    }
}

extension TransformError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        switch self {
        case .locked: return .busy
        case .invalidCompany: return .configuration
        default: return .fatal
        }
    }
}

extension PostError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        if case .alreadyRunning = self { return .busy }
        return .fatal
    }
}

extension ReplayError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        if case .locked = self { return .busy }
        if case .unsafeInbox = self { return .configuration }
        return .fatal
    }
}

extension ApprovalError: ConnectorFailure {
    /// A missing name or reason and a malformed batch id are usage errors; an unknown batch
    /// or one not waiting for approval is fatal (nothing was approved).
    public var exitStatus: ExitStatus {
        switch self {
        case .missingPerson, .missingReason, .reasonTooLong, .invalidBatchID: return .configuration
        case .ledger, .noPendingBatches: return .fatal
        }
    }
}

extension WebhookError: ConnectorFailure {
    public var exitStatus: ExitStatus { .configuration }
}

extension SageAgentError: ConnectorFailure {
    /// Refused credentials and an unknown company code are fixed in the `sage:` section.
    public var exitStatus: ExitStatus {
        switch self {
        case .unauthorized, .companyNotFound: return .configuration
        default: return .fatal
        }
    }
}

extension SageAgentConfigurationError: ConnectorFailure {
    public var exitStatus: ExitStatus { .configuration }
}

extension ExchangeError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        if case .alreadyRunning = self { return .busy }
        return .fatal
    }
}

extension SetupError: ConnectorFailure {
    public var exitStatus: ExitStatus {
        switch self {
        case .write: return .fatal
        default: return .configuration
        }
    }
}

extension LeaseError: ConnectorFailure {
    /// A lease store named wrongly is fixed in the tenants file; one that failed is fatal; a
    /// lease lost to another worker means that worker has the company now.
    public var exitStatus: ExitStatus {
        switch self {
        case .badStoreLocation: return .configuration
        case .lost: return .busy
        case .store, .auditIsAppendOnly: return .fatal
        }
    }
}
