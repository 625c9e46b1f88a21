import Dispatch
import Foundation

/// How the sandbox commands wait to be stopped: both the Procore sandbox and the Sage agent
/// simulator run until the process receives SIGINT or SIGTERM.
public enum SandboxSignals {
    /// Waits until the process receives SIGINT or SIGTERM (for the CLI).
    public static func waitForTermination() async {
        await wait(for: [SIGINT, SIGTERM])
    }

    /// Waits for one of `signals` without a global handler racing the runtime.
    static func wait(for signals: [Int32]) async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = signals.map { signo -> any DispatchSourceSignal in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
