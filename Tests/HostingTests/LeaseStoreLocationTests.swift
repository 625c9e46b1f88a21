import Hosting
import Testing

@Suite("Lease store location")
struct LeaseStoreLocationTests {
    @Test("a path is SQLite, relative to the tenants file's folder")
    func sqlitePath() throws {
        #expect(try LeaseStoreLocation.parse("leases.sqlite", relativeTo: "/srv/hosted") == .sqlite(path: "/srv/hosted/leases.sqlite"))
        #expect(try LeaseStoreLocation.parse("/var/lib/ml/leases.sqlite", relativeTo: "/srv") == .sqlite(path: "/var/lib/ml/leases.sqlite"))
    }

    @Test("postgres:// verifies TLS unless told otherwise, takes the password from PGPASSWORD only")
    func postgres() throws {
        let location = try LeaseStoreLocation.parse("postgres://ml@db.example.com/connector", relativeTo: "/",
                                                    environment: ["PGPASSWORD": "s3cret"])
        guard case .postgres(let settings) = location else { Issue.record("not PostgreSQL: \(location)"); return }
        #expect(settings.endpoint == .tcp(host: "db.example.com", port: 5432))
        #expect(settings.tls == .verifyFull && settings.user == "ml" && settings.database == "connector")
        #expect(settings.password == "s3cret")
        #expect(!location.description.contains("s3cret"))
        let loopback = try LeaseStoreLocation.parse("postgresql://ml@127.0.0.1:6543/c?sslmode=disable", relativeTo: "/", environment: [:])
        guard case .postgres(let plain) = loopback else { Issue.record("not PostgreSQL"); return }
        #expect(plain.endpoint == .tcp(host: "127.0.0.1", port: 6543) && plain.tls == .disable && plain.password == nil)
        let socket = try LeaseStoreLocation.parse("postgres://ml@/c?host=/run/postgresql", relativeTo: "/", environment: [:])
        guard case .postgres(let local) = socket else { Issue.record("not PostgreSQL"); return }
        #expect(local.endpoint == .socket(path: "/run/postgresql/.s.PGSQL.5432"))
        // libpq's port= names the socket (or the TCP port).
        let numbered = try LeaseStoreLocation.parse("postgres://ml@/c?host=/run/postgresql&port=6544", relativeTo: "/", environment: [:])
        guard case .postgres(let other) = numbered else { Issue.record("not PostgreSQL"); return }
        #expect(other.endpoint == .socket(path: "/run/postgresql/.s.PGSQL.6544"))
    }

    @Test("a password in the URL, a missing user or database, an unknown parameter: refused, the password never repeated",
          arguments: ["postgres://ml:hunter2@db/connector", "postgres://db/connector", "postgres://ml@db/",
                      "postgres://ml@db/connector?sslmode=maybe", "postgres://ml@db/connector?timeout=5",
                      "postgres://ml@db/connector?port=70000", ""])
    func refused(text: String) {
        do {
            let location = try LeaseStoreLocation.parse(text, relativeTo: "/", environment: [:])
            Issue.record("accepted \(text) as \(location)")
        } catch let error as LeaseError {
            guard case .badStoreLocation(let shown, let reason) = error else { Issue.record("\(error)"); return }
            #expect(!shown.contains("hunter2") && !reason.contains("hunter2") && !error.description.contains("hunter2"))
            #expect(!reason.isEmpty)
        } catch {
            Issue.record("untyped: \(error)")
        }
    }
}
