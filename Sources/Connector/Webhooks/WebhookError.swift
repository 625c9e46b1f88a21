/// Why the webhook receiver or its setup failed.
public enum WebhookError: Error, Sendable, CustomStringConvertible {
    case cannotListen(host: String, port: Int, reason: String)
    case notConfigured(hint: String)
    case missingSecret(variable: String)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            return "Cannot listen for webhooks on \(host):\(port): \(reason). Pick a free port in webhooks.listen."
        case .notConfigured(let hint):
            return "Webhooks are not configured: \(hint)"
        case .missingSecret(let variable):
            _ = variable   // never shown: it may be a secret pasted where a variable's name belongs
            return "The webhook secret is missing: set the environment variable that webhooks.secret_env names (its name is not repeated here) to the Authorization value Procore sends."
        }
    }
}
