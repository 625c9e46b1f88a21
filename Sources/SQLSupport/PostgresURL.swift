import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL server and database as the configuration names it:
/// `postgres://user@host:port/database` (or `postgresql://`).
///
/// TLS is on and the server's certificate is verified unless the URL says `sslmode=require`
/// (encrypted, not verified) or `sslmode=disable` (loopback only). `?host=/run/postgresql`
/// connects through a local socket instead. The password comes from the environment
/// (`PGPASSWORD`), never from the file: a URL that carries one is refused.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Equatable {
        case disable
        case require
        case verifyFull = "verify-full"
    }
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case socket(path: String)
    }

    /// Why a URL could not be used; `location` is the URL without its password.
    public struct Problem: Error, Sendable, Equatable {
        public let location: String
        public let reason: String
    }

    public var endpoint: Endpoint
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// `?schema=NAME`: the PostgreSQL schema the tables live in (one per company when many
    /// companies share a database); nil for the user's default (`public`).
    public var schema: String?
    /// From `PGPASSWORD`; never printed.
    public var password: String?

    public init(endpoint: Endpoint, user: String, database: String, tls: TLSMode, schema: String? = nil, password: String?) {
        self.endpoint = endpoint
        self.user = user
        self.database = database
        self.tls = tls
        self.schema = schema
        self.password = password
    }

    /// True for the URLs this type reads (`postgres://…`, `postgresql://…`).
    public static func isPostgres(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://")
    }

    /// The URL without the password.
    public var redacted: String {
        switch endpoint {
        case let .tcp(host, port):
            return "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)" + (schema.map { "&schema=\($0)" } ?? "")
        case let .socket(path):
            return "postgres://\(user)@/\(database)" + (schema.map { "?schema=\($0)" } ?? "") + " (socket \(path))"
        }
    }

    public var description: String { redacted }

    /// Reads `text`, taking the password from `environment["PGPASSWORD"]`.
    public static func parse(_ text: String, environment: [String: String]) throws(Problem) -> PostgresURL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URLComponents(string: trimmed) else {
            throw Problem(location: "postgres://…", reason: "it is not a URL")
        }
        func problem(_ reason: String) -> Problem { Problem(location: redactedForError(url), reason: reason) }
        func isSchemaName(_ name: String) -> Bool { PostgresURL.isSchemaName(name) }
        if url.password != nil {
            throw problem("it carries a password; remove it and set PGPASSWORD in the environment instead (for a ledger, ledger.password_env or ledger.password_vault may name it)")
        }
        guard let user = url.user, !user.isEmpty else {
            throw problem("it names no user (postgres://USER@host/database)")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw problem("it names no database (postgres://user@host/DATABASE)")
        }
        var tls = TLSMode.verifyFull
        var socket: String?
        var schema: String?
        var port = url.port ?? 5432
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw problem("sslmode must be verify-full (the default), require or disable")
                }
                tls = mode
            case "host":
                guard let path = item.value, path.hasPrefix("/") else {
                    throw problem("host= must be the folder of a local socket, such as /run/postgresql")
                }
                socket = path
            case "port":
                // libpq's port= (the socket's name with host=, else the TCP port).
                guard let value = item.value.flatMap(Int.init), (1...65535).contains(value) else {
                    throw problem("port= must be a port number from 1 to 65535")
                }
                port = value
            case "schema":
                guard let name = item.value, isSchemaName(name) else {
                    throw problem("schema= must be a lowercase name of letters, digits and _ (at most 63), such as company_1")
                }
                schema = name
            default:
                throw problem("unknown parameter \(item.name) (known: sslmode, host, port, schema)")
            }
        }
        let endpoint: Endpoint
        if let socket {
            // libpq's host= names the socket's folder; the socket is .s.PGSQL.<port> in it.
            endpoint = .socket(path: (socket as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else {
            guard let host = url.host, !host.isEmpty else {
                throw problem("it names no host (postgres://user@HOST/database, or ?host=/socket/folder)")
            }
            endpoint = .tcp(host: host, port: port)
        }
        return PostgresURL(endpoint: endpoint, user: user, database: database, tls: tls, schema: schema,
                           password: environment["PGPASSWORD"])
    }

    /// A name PostgreSQL takes unquoted: a lowercase letter or _, then letters, digits, _.
    public static func isSchemaName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63,
              first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// postgres-nio's connection settings for this URL; throws when the TLS context cannot be
    /// made (never falls back to a connection without TLS).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case let .tcp(host, port):
            let tls: PostgresConnection.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .require: tls = .require(try NIOSSLContext(configuration: Self.unverified))
            case .verifyFull: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        case let .socket(path):
            return .init(unixSocketPath: path, username: user, password: password, database: database)
        }
    }

    /// postgres-nio's pool settings for this URL.
    public var clientConfiguration: PostgresClient.Configuration {
        switch endpoint {
        case let .tcp(host, port):
            let tls: PostgresClient.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .require: tls = .require(Self.unverified)
            case .verifyFull: tls = .require(.makeClientConfiguration())
            }
            return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        case let .socket(path):
            return .init(unixSocketPath: path, username: user, password: password, database: database)
        }
    }

    private static var unverified: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    private static func redactedForError(_ url: URLComponents) -> String {
        var copy = url
        if copy.password != nil { copy.password = "***" }
        return copy.string ?? "postgres://…"
    }
}
