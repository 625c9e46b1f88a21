import Foundation
import GRDB

extension Ledger {
    /// Runs `body` in one write transaction: every ledger write `body` makes (on this thread)
    /// joins it as a savepoint, and every ledger read sees those writes. A stage that writes a
    /// few rows per record (a transform) commits once per chunk of records instead of once per
    /// row, so a run pays one durable commit per chunk. If `body` throws, none of its writes
    /// stay.
    ///
    /// Other threads' writes wait for the batch to commit; their reads see the ledger as it
    /// was before it.
    public func inBatch<T>(_ body: () throws -> T) throws -> T {
        if inBatchOnThisThread { return try body() }
        return try pool.write { _ in
            Thread.current.threadDictionary[batchKey] = true
            defer { Thread.current.threadDictionary[batchKey] = nil }
            return try body()
        }
    }

    /// A write: its own transaction, or a savepoint of the batch this thread is in.
    func writing<T>(_ updates: (Database) throws -> T) throws -> T {
        guard inBatchOnThisThread else { return try pool.write(updates) }
        return try pool.unsafeReentrantWrite { db in
            var result: T?
            try db.inSavepoint {
                result = try updates(db)
                return .commit
            }
            return result!
        }
    }

    /// A read: from a reader connection, or inside the batch this thread is in (so it sees the
    /// batch's writes).
    func reading<T>(_ value: (Database) throws -> T) throws -> T {
        guard inBatchOnThisThread else { return try pool.read(value) }
        return try pool.unsafeReentrantWrite(value)
    }

    private var batchKey: String { "ml-connector.ledger.batch.\(UInt(bitPattern: ObjectIdentifier(self).hashValue))" }

    private var inBatchOnThisThread: Bool { Thread.current.threadDictionary[batchKey] != nil }
}
