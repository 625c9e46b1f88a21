import Foundation
import GRDB
import JSON

/// What the transform cannot beat, measured in the same run on the same data (`bench transform`
/// prints its time against these):
/// - parsing: the staged bytes the transform reads (every source version's line in the
///   ledger) merely parsed, by the faster of the connector's JSON scanner and Foundation's
///   `JSONSerialization`, nothing built from them;
/// - inserting: as many rows as the transform added to the ledger, inserted by a bare
///   prepared-statement loop in one transaction into a fresh SQLite file beside the ledger.
public struct TransformFloors: Sendable, Codable, Equatable {
    public var stagedBytes: Int
    public var parseSeconds: Double
    /// `scanner` or `JSONSerialization`, whichever was faster.
    public var parser: String
    public var insertedRows: Int
    public var insertSeconds: Double

    enum CodingKeys: String, CodingKey {
        case parser
        case stagedBytes = "staged_bytes", parseSeconds = "parse_s", insertedRows = "inserted_rows", insertSeconds = "insert_s"
    }

    /// Rows in every table of the SQLite database at `path` (the ledger), for the row count the
    /// transform added.
    public static func rowCount(ledgerPath: String) throws -> Int {
        let queue = try DatabaseQueue(path: ledgerPath, configuration: readOnly)
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                """)
            return try tables.reduce(0) { $0 + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\($1)\"") ?? 0) }
        }
    }

    /// Measures both floors. `scratch` is a folder for the bare insert's database.
    public static func measure(ledgerPath: String, insertedRows: Int, scratch: String) throws -> TransformFloors {
        // The lines are read in chunks (a million lines would not fit the memory the
        // transform is held to) and only the parsing of each chunk is timed.
        let queue = try DatabaseQueue(path: ledgerPath, configuration: readOnly)
        let clock = ContinuousClock()
        var scanner = Duration.zero, serialization = Duration.zero
        var lineCount = 0, parsed = 0, stagedBytes = 0
        func parse(_ chunk: [Data]) {
            var start = clock.now
            for line in chunk where (try? JSONValue.parse(line)) != nil { parsed += 1 }
            scanner += clock.now - start
            start = clock.now
            for line in chunk where (try? JSONSerialization.jsonObject(with: line)) != nil { parsed += 1 }
            serialization += clock.now - start
            lineCount += chunk.count
            stagedBytes += chunk.reduce(0) { $0 + $1.count }
        }
        try queue.read { db in
            var chunk: [Data] = []
            let lines = try Data.fetchCursor(db, sql: "SELECT line FROM source_versions ORDER BY seq")
            while let line = try lines.next() {
                chunk.append(line)
                if chunk.count == 1_000 {
                    parse(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            parse(chunk)
        }
        guard parsed == 2 * lineCount else {
            throw TransformBenchmark.Failure(description: "\(2 * lineCount - parsed) staged lines did not parse in the floor measurement")
        }

        let path = scratch + "/insert-floor.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let floorDatabase = try DatabaseQueue(path: path)
        try floorDatabase.write { db in
            try db.execute(sql: """
                CREATE TABLE rows (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT,
                                   account TEXT, amount TEXT NOT NULL)
                """)
        }
        let start = clock.now
        try floorDatabase.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO rows (owner, kind, key, account, amount) VALUES (?, ?, ?, ?, ?)")
            for row in 0..<insertedRows {
                try statement.execute(arguments: [row / 50, "ap-invoices", "00-ACME-\(row)", "5100-00-\(row % 97)", "\(row).50"])
            }
        }
        let insert = seconds(clock.now - start)
        return TransformFloors(stagedBytes: stagedBytes, parseSeconds: seconds(min(scanner, serialization)),
                               parser: scanner <= serialization ? "scanner" : "JSONSerialization",
                               insertedRows: insertedRows, insertSeconds: insert)
    }

    /// Reconciliation's floor: the source amounts of every record summed by one SQL query,
    /// grouped as the report groups them (kind, vendor, job, account). Returns the seconds and
    /// the rows read. The sum is a timing floor only (SQLite adds the text as floating point;
    /// the report adds exact decimals).
    public static func reconcileFloor(ledgerPath: String) throws -> (seconds: Double, rows: Int) {
        let queue = try DatabaseQueue(path: ledgerPath, configuration: readOnly)
        let clock = ContinuousClock()
        let start = clock.now
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kind, vendor_no, job_no, account, total(amount), COUNT(*) AS n FROM record_amounts
                GROUP BY kind, vendor_no, job_no, account
                """).reduce(0) { $0 + ($1["n"] as Int) }
        }
        return (seconds(clock.now - start), rows)
    }

    static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    static func seconds(_ d: Duration) -> Double { TransformBenchmark.seconds(d) }
}
