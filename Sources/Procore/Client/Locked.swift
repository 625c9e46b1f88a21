import Synchronization

/// A shareable lock-protected value (a class around `Mutex`, so closures can hold it).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try mutex.withLock { try body(&$0) }
    }
    var value: Value { mutex.withLock { $0 } }
}
