import Synchronization

/// A settable clock in Unix seconds for deterministic timing tests.
final class VirtualClock: Sendable {
    private let time: Mutex<Double>
    init(_ start: Double) { time = Mutex(start) }
    var now: Double { time.withLock { $0 } }
    func advance(_ seconds: Double) { time.withLock { $0 += max(0, seconds) } }
    func set(_ t: Double) { time.withLock { $0 = t } }
}
