import Foundation
import SQLSupport

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

    public typealias PostgresSettings = PostgresURL

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
        guard PostgresURL.isPostgres(trimmed) else {
            let path = trimmed.hasPrefix("/") ? trimmed : (folder as NSString).appendingPathComponent(trimmed)
            return .sqlite(path: (path as NSString).standardizingPath)
        }
        do {
            let url = try PostgresURL.parse(trimmed, environment: environment)
            if url.schema != nil {
                throw LeaseError.badStoreLocation(url.redacted, reason: "the lease store is shared by every company: give it a database without schema=")
            }
            return .postgres(url)
        } catch let error as PostgresURL.Problem {
            throw LeaseError.badStoreLocation(error.location, reason: error.reason)
        }
    }
}
