import Foundation

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
        return try store.write { _ in
            batchThread.withLock { $0 = pthread_self() }
            defer { batchThread.withLock { $0 = nil } }
            return try body()
        }
    }

    /// A write: its own transaction, or a savepoint of the batch this thread is in (through
    /// the connection's statement cache: a transform makes thousands of them).
    func writing<T>(_ updates: (SQLConnection) throws -> T) throws -> T {
        guard inBatchOnThisThread else { return try store.write(updates) }
        return try store.writeInCurrentTransaction { db in
            try db.cachedStatement(sql: "SAVEPOINT ledger_write").execute()
            do {
                let result = try updates(db)
                try db.cachedStatement(sql: "RELEASE SAVEPOINT ledger_write").execute()
                return result
            } catch {
                try? db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT ledger_write").execute()
                try? db.cachedStatement(sql: "RELEASE SAVEPOINT ledger_write").execute()
                throw error
            }
        }
    }

    /// A read: from a reader connection, or inside the batch this thread is in (so it sees the
    /// batch's writes).
    func reading<T>(_ value: (SQLConnection) throws -> T) throws -> T {
        guard inBatchOnThisThread else { return try store.read(value) }
        return try store.writeInCurrentTransaction(value)
    }

    private var inBatchOnThisThread: Bool {
        batchThread.withLock { owner in owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }
}
