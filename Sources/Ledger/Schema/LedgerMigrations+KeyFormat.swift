import GRDB

extension LedgerMigrations {
    /// v11: one Sage key format. The identity map kept vendor, customer, AP invoice and manual
    /// check keys with their fields run together (`00P700002`, `00P700002INV-1`, `A10001`), while
    /// the agent, the reports and the records join them with `-` (`00-P700002`,
    /// `00-P700002-INV-1`, `A-10001`). The keys are rewritten once into the joined form:
    /// divisions are 2 characters and bank codes 1 (Sage's field lengths); an invoice key is split
    /// with the key its own record was posted under, else with the vendor numbers the map holds.
    static func registerKeyFormatMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-one-sage-key-format") { db in
            try db.execute(sql: """
                UPDATE identity_map SET sage_key = substr(sage_key, 1, 2) || '-' || substr(sage_key, 3)
                WHERE resource IN ('vendors', 'customers') AND length(sage_key) > 2 AND substr(sage_key, 3, 1) <> '-';
                UPDATE identity_map SET sage_key = substr(sage_key, 1, 1) || '-' || substr(sage_key, 2)
                WHERE resource = 'manual-checks' AND length(sage_key) > 1 AND substr(sage_key, 2, 1) <> '-';
                """)
            var vendorsByCompany: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT company, sage_key FROM identity_map WHERE resource = 'vendors'") {
                vendorsByCompany[row["company"], default: []].append(row["sage_key"])
            }
            let invoices = try Row.fetchAll(db, sql: """
                SELECT company, procore_id, sage_key FROM identity_map
                WHERE resource = 'ap-invoices' AND substr(sage_key, 3, 1) <> '-'
                """)
            for row in invoices {
                let company: String = row["company"], id: Int64 = row["procore_id"], legacy: String = row["sage_key"]
                var joined: String?
                for key in try String.fetchAll(db, sql: """
                    SELECT target_key FROM records WHERE resource = 'requisitions' AND source_id = ? AND target_key IS NOT NULL
                    ORDER BY id DESC
                    """, arguments: [id]) where Self.compactInvoiceKey(key) == legacy {
                    joined = key
                    break
                }
                if joined == nil {
                    // The longest vendor key whose fields start the legacy key.
                    for vendor in (vendorsByCompany[company] ?? []).sorted(by: { $0.count > $1.count }) {
                        let compact = vendor.replacingOccurrences(of: "-", with: "")
                        if legacy.hasPrefix(compact), legacy.count > compact.count {
                            joined = vendor + "-" + String(legacy.dropFirst(compact.count))
                            break
                        }
                    }
                }
                guard let joined else { continue }  // left as it was: the transform reports it by name
                try db.execute(sql: "UPDATE identity_map SET sage_key = ? WHERE company = ? AND resource = 'ap-invoices' AND procore_id = ?",
                               arguments: [joined, company, id])
            }
        }
    }

    /// `00-P700002-INV-1` -> `00P700002INV-1`: the division and vendor separators dropped, the
    /// invoice number kept as it is.
    static func compactInvoiceKey(_ key: String) -> String? {
        let parts = key.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        return parts.joined()
    }
}
