/// How a run ended (or that it is still going).
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Started and not finished yet (or the process died: see ``interrupted``).
    case running
    /// Everything the run set out to do was done.
    case completed
    /// Done, but some scopes were forbidden or failed; the run's summary names them.
    case partial
    /// The run stopped on an error before finishing.
    case failed
    /// The process ended without finishing the run (found later by the next run).
    case interrupted
}
