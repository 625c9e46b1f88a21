import Foundation

/// Where the lease store lives, as the tenants file gives it (`leases.store`).
///
/// - a file path: SQLite, created when missing; for workers on one machine;
/// - `postgres://user@host:port/database` (or `postgresql://`): PostgreSQL, for workers on
///   any number of machines. TLS is on and the server's certificate is verified unless the
///   URL says `sslmode=require` (encrypted, not verified) or `sslmode=disable` (loopback only).
///   `?host=/run/postgresql` connects through a local socket instead. The password comes
///   from the environment (`PGPASSWORD`), never from the file.
public enum LeaseStoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    public struct PostgresSettings: Sendable, Equatable {
        public enum TLSMode: String, Sendable, Equatable {
            case disable
            case require
            case verifyFull = "verify-full"
        }
        public enum Endpoint: Sendable, Equatable {
            case tcp(host: String, port: Int)
            case socket(path: String)
        }
        public var endpoint: Endpoint
        public var user: String
        public var database: String
        public var tls: TLSMode
        /// From `PGPASSWORD`; never printed.
        public var password: String?

        /// The URL without the password.
        public var redacted: String {
            switch endpoint {
            case let .tcp(host, port): return "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
            case let .socket(path): return "postgres://\(user)@/\(database) (socket \(path))"
            }
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let settings): return settings.redacted
        }
    }

    /// Reads `text`; relative file paths are taken from `folder` (the tenants file's).
    public static func parse(_ text: String, relativeTo folder: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LeaseStoreLocation {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw LeaseError.badStoreLocation(text, reason: "it is empty") }
        guard trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") else {
            let path = trimmed.hasPrefix("/") ? trimmed : (folder as NSString).appendingPathComponent(trimmed)
            return .sqlite(path: (path as NSString).standardizingPath)
        }
        guard let url = URLComponents(string: trimmed) else {
            throw LeaseError.badStoreLocation("postgres://…", reason: "it is not a URL")
        }
        if url.password != nil {
            throw LeaseError.badStoreLocation(redactedForError(url), reason: "it carries a password; remove it and set PGPASSWORD in the worker's environment instead")
        }
        guard let user = url.user, !user.isEmpty else {
            throw LeaseError.badStoreLocation(redactedForError(url), reason: "it names no user (postgres://USER@host/database)")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw LeaseError.badStoreLocation(redactedForError(url), reason: "it names no database (postgres://user@host/DATABASE)")
        }
        var tls = PostgresSettings.TLSMode.verifyFull
        var socket: String?
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(PostgresSettings.TLSMode.init(rawValue:)) else {
                    throw LeaseError.badStoreLocation(redactedForError(url), reason: "sslmode must be verify-full (the default), require or disable")
                }
                tls = mode
            case "host":
                guard let path = item.value, path.hasPrefix("/") else {
                    throw LeaseError.badStoreLocation(redactedForError(url), reason: "host= must be the folder of a local socket, such as /run/postgresql")
                }
                socket = path
            default:
                throw LeaseError.badStoreLocation(redactedForError(url), reason: "unknown parameter \(item.name) (known: sslmode, host)")
            }
        }
        let endpoint: PostgresSettings.Endpoint
        if let socket {
            // libpq's host= names the socket's folder; the socket is .s.PGSQL.<port> in it.
            endpoint = .socket(path: (socket as NSString).appendingPathComponent(".s.PGSQL.\(url.port ?? 5432)"))
        } else {
            guard let host = url.host, !host.isEmpty else {
                throw LeaseError.badStoreLocation(redactedForError(url), reason: "it names no host (postgres://user@HOST/database, or ?host=/socket/folder)")
            }
            endpoint = .tcp(host: host, port: url.port ?? 5432)
        }
        return .postgres(PostgresSettings(endpoint: endpoint, user: user, database: database, tls: tls,
                                          password: environment["PGPASSWORD"]))
    }

    private static func redactedForError(_ url: URLComponents) -> String {
        var copy = url
        if copy.password != nil { copy.password = "***" }
        return copy.string ?? "postgres://…"
    }
}
