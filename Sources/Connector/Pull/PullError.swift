import Procore

/// A pull that could not run at all (as opposed to single scopes failing, which the summary lists).
public enum PullError: Error, Sendable, CustomStringConvertible {
    /// `--resources` named something not in the catalogue.
    case unknownResource(name: String, known: [String])
    /// The project list could not be read, so nothing project-scoped can be pulled.
    case projectsUnavailable(reason: String)
    /// `--projects` named projects the company does not have.
    case unknownProjects([Int64])
    /// Procore refused the credentials: no scope can succeed.
    case authentication(String)
    /// Staging files could not be written.
    case staging(StagingError)
    /// The ledger could not record the run.
    case ledger(String)

    public var description: String {
        switch self {
        case .unknownResource(let name, let known):
            return "\(name.isEmpty ? "no resource given" : "unknown resource '\(name)'"); choose from: \(known.joined(separator: ", "))"
        case .projectsUnavailable(let reason):
            return "cannot list the company's projects: \(reason)"
        case .unknownProjects(let ids):
            return "project(s) \(ids.map(String.init).joined(separator: ", ")) not found in this Procore company; check --projects or procore.projects"
        case .authentication(let message):
            return message
        case .staging(let error):
            return error.description
        case .ledger(let message):
            return "ledger: \(message)"
        }
    }
}
