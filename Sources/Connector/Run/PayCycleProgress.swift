import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints a pay cycle's progress as plain lines: each stage's result, and each batch as it is
/// posted. Quiet with `--json` or when `CI` is set (see ``isWanted(json:environment:)``).
public final class PayCycleProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let output: @Sendable (String) -> Void

    /// - Parameter output: where lines go (stdout by default); each call gets one line with its newline.
    public init(output: @escaping @Sendable (String) -> Void = { text in FileHandle.standardOutput.write(Data(text.utf8)) }) {
        self.output = output
    }

    /// True unless JSON was asked for or `CI` is set.
    public static func isWanted(json: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        !json && environment["CI"] == nil
    }

    /// True when stdout is a terminal (for the live pull display).
    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Takes one event.
    public func handle(_ event: PayCycleEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .stageStarted(let stage):
            output("\(Self.pad(stage.rawValue)) …\n")
        case .stageFinished(let stage, let result):
            let mark: String
            switch result.status {
            case "ok": mark = "ok"
            case "attention": mark = "NEEDS ATTENTION"
            case "partial": mark = "PARTIAL"
            case "skipped": mark = "skipped"
            default: mark = "FAILED"
            }
            output("\(Self.pad(stage.rawValue)) \(mark): \(result.message)\n")
        case .post(let event):
            switch event {
            case .recovered(let records):
                output("             \(records) record(s) were mid-post when a run stopped; settling them with the agent\n")
            case .batchStarted(let batchID, _, let sending, let waiting):
                output("             posting \(batchID): \(sending) record(s)" + (waiting > 0 ? ", \(waiting) waiting" : "") + "\n")
            case .batchFinished(let batchID, let state):
                output("             \(batchID): \(state.rawValue)\n")
            case .batchSkipped(let batchID, let reason):
                output("             \(batchID) skipped: \(reason)\n")
            case .stopped(let reason):
                output("             post stopped: \(reason)\n")
            default:
                break
            }
        }
    }

    static func pad(_ text: String) -> String {
        text.count >= 12 ? text : text + String(repeating: " ", count: 12 - text.count)
    }
}
