/// Every statement the lease store runs, written once for both engines.
enum LeaseStatements {
    static let leaseColumns = "company, owner, generation, expires_at, previous_owner"

    /// Takes the company when it is free, ran out or released, or extends it for its own
    /// owner; a new owner means a new generation. Returns the lease, or no row.
    static func acquire(company: String, owner: String, milliseconds: Int64) -> [LeaseStatement] {
        [
            LeaseStatement(sql: """
                INSERT INTO company_leases (company, owner, generation, expires_at, acquired_at, renewed_at)
                VALUES ($1, $2, 1, {now} + $3, {now}, {now})
                ON CONFLICT (company) DO UPDATE SET
                  generation = CASE WHEN company_leases.owner = excluded.owner THEN company_leases.generation
                                    ELSE company_leases.generation + 1 END,
                  acquired_at = CASE WHEN company_leases.owner = excluded.owner THEN company_leases.acquired_at
                                     ELSE excluded.acquired_at END,
                  previous_owner = CASE WHEN company_leases.owner = excluded.owner THEN company_leases.previous_owner
                                        ELSE company_leases.owner END,
                  owner = excluded.owner,
                  expires_at = excluded.expires_at,
                  renewed_at = excluded.renewed_at
                WHERE company_leases.owner = excluded.owner OR company_leases.expires_at <= {now}
                RETURNING \(leaseColumns)
                """, binds: [.text(company), .text(owner), .integer(milliseconds)]),
            // The audit line, once per generation (extending one's own lease adds none).
            LeaseStatement(sql: """
                INSERT INTO lease_events (company, owner, generation, kind, at)
                SELECT c.company, c.owner, c.generation, 'acquired', {now} FROM company_leases c
                WHERE c.company = $1 AND c.owner = $2
                  AND NOT EXISTS (SELECT 1 FROM lease_events e
                                  WHERE e.company = c.company AND e.generation = c.generation AND e.kind = 'acquired')
                """, binds: [.text(company), .text(owner)], onlyAfterRows: true),
        ]
    }

    /// Extends a lease that is still this generation's. Returns the lease, or no row.
    static func renew(_ lease: CompanyLease, milliseconds: Int64) -> [LeaseStatement] {
        [LeaseStatement(sql: """
            UPDATE company_leases SET expires_at = {now} + $4, renewed_at = {now}
            WHERE company = $1 AND owner = $2 AND generation = $3
            RETURNING \(leaseColumns)
            """, binds: [.text(lease.company), .text(lease.owner), .integer(lease.generation), .integer(milliseconds)])]
    }

    /// Gives the company up: no owner, run out now. The next taker starts a new generation.
    static func release(_ lease: CompanyLease) -> [LeaseStatement] {
        [
            LeaseStatement(sql: """
                UPDATE company_leases SET owner = '', expires_at = {now}
                WHERE company = $1 AND owner = $2 AND generation = $3
                RETURNING generation
                """, binds: [.text(lease.company), .text(lease.owner), .integer(lease.generation)]),
            LeaseStatement(sql: """
                INSERT INTO lease_events (company, owner, generation, kind, at) VALUES ($1, $2, $3, 'released', {now})
                """, binds: [.text(lease.company), .text(lease.owner), .integer(lease.generation)], onlyAfterRows: true),
        ]
    }

    static func holder(of company: String) -> LeaseStatement {
        LeaseStatement(sql: """
            SELECT \(leaseColumns) FROM company_leases
            WHERE company = $1 AND owner <> '' AND expires_at > {now}
            """, binds: [.text(company)])
    }

    /// A row when `lease` is current: its owner's, its generation, not run out.
    static func isCurrent(_ lease: CompanyLease) -> LeaseStatement {
        LeaseStatement(sql: """
            SELECT generation FROM company_leases
            WHERE company = $1 AND owner = $2 AND generation = $3 AND expires_at > {now}
            """, binds: [.text(lease.company), .text(lease.owner), .integer(lease.generation)])
    }

    /// Companies whose holder neither renewed nor released its lease: it died or hung.
    static let abandoned = LeaseStatement(sql: """
        SELECT company FROM company_leases WHERE owner <> '' AND expires_at <= {now} ORDER BY company
        """, binds: [])

    static func events(for company: String) -> LeaseStatement {
        LeaseStatement(sql: "SELECT company, owner, generation, kind, at FROM lease_events WHERE company = $1 ORDER BY id",
                       binds: [.text(company)])
    }

    /// A lease from a row of ``leaseColumns``.
    static func lease(_ row: [LeaseValue]) -> CompanyLease? {
        guard row.count == 5, let company = row[0].text, let owner = row[1].text,
              let generation = row[2].integer, let expiresAt = row[3].integer, let previous = row[4].text else { return nil }
        return CompanyLease(company: company, owner: owner, generation: generation, expiresAt: expiresAt,
                            abandonedBy: previous.isEmpty ? nil : previous)
    }
}
