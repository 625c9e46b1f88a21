/// Which Procore installation to talk to. Credentials and tokens do not carry across them.
public enum ProcoreEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// `https://api.procore.com`, auth at `https://login.procore.com`.
    case production
    /// The developer sandbox: `https://sandbox.procore.com`, auth at `https://login-sandbox.procore.com`.
    case sandbox
    /// The monthly sandbox: `https://api-monthly.procore.com`, auth at `https://login-sandbox-monthly.procore.com`.
    case monthly
    /// Any other hosts (a local sandbox server, a proxy). Both base URLs are given explicitly.
    case custom(apiBaseURL: String, authBaseURL: String)

    /// The REST API base URL (no trailing slash).
    public var apiBaseURL: String {
        switch self {
        case .production: return "https://api.procore.com"
        case .sandbox: return "https://sandbox.procore.com"
        case .monthly: return "https://api-monthly.procore.com"
        case .custom(let api, _): return api
        }
    }

    /// The OAuth base URL (no trailing slash); tokens come from `{authBaseURL}/oauth/token`.
    public var authBaseURL: String {
        switch self {
        case .production: return "https://login.procore.com"
        case .sandbox: return "https://login-sandbox.procore.com"
        case .monthly: return "https://login-sandbox-monthly.procore.com"
        case .custom(_, let auth): return auth
        }
    }

    /// The name used in configuration files: `production`, `sandbox`, `monthly` or `custom`.
    public var name: String {
        switch self {
        case .production: return "production"
        case .sandbox: return "sandbox"
        case .monthly: return "monthly"
        case .custom: return "custom"
        }
    }

    public var description: String {
        switch self {
        case .custom(let api, let auth): return "custom (api \(api), auth \(auth))"
        default: return name
        }
    }
}
