import Foundation
import Procore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A live progress display for a pull: one line per resource, redrawn in place at most
/// ~10 times a second, plus a line of request counters. Feed it ``PullEvent``s and the
/// Procore client's ``ProcoreEvent``s; it writes through `output`.
public final class PullProgress: @unchecked Sendable {
    private struct ResourceLine {
        var scopes = 0
        var scopesDone = 0
        var pages = 0
        var received = 0
        var staged = 0
        var forbidden = 0
        var failed = 0
    }

    private let lock = NSLock()
    private let output: @Sendable (String) -> Void
    private let interval: Duration
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private var order: [String] = []
    private var lines: [String: ResourceLine] = [:]
    private var drawnLines = 0
    private var waits = 0
    private var rateLimitWaits = 0
    private var waitSeconds = 0.0
    private var retries = 0
    private var tokens = 0
    private var done = false
    /// Frames drawn so far (for tests of the throttle).
    public private(set) var redraws = 0

    /// - Parameters:
    ///   - output: where frames go (stdout by default).
    ///   - interval: minimum time between frames.
    public init(interval: Duration = .milliseconds(100),
                output: @escaping @Sendable (String) -> Void = { text in
                    FileHandle.standardOutput.write(Data(text.utf8))
                }) {
        self.output = output
        self.interval = interval
        started = clock.now
    }

    /// True when a live display makes sense: stdout is a terminal, JSON was not asked for,
    /// and no `CI` variable is set.
    public static func isWanted(json: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        !json && isatty(STDOUT_FILENO) == 1 && environment["CI"] == nil
    }

    /// Takes a pull event.
    public func handle(_ event: PullEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(_, let scopes):
            order = scopes.keys.sorted { (ProcoreResource.allCases.firstIndex(of: ProcoreResource(name: $0) ?? .vendors) ?? 0, $0)
                < (ProcoreResource.allCases.firstIndex(of: ProcoreResource(name: $1) ?? .vendors) ?? 0, $1) }
            for (resource, count) in scopes { lines[resource] = ResourceLine(scopes: count) }
        case .page(let resource, _, _, let received, let staged, _):
            lines[resource, default: ResourceLine()].pages += 1
            lines[resource, default: ResourceLine()].received += received
            lines[resource, default: ResourceLine()].staged += staged
        case .scopeFinished(let resource, _, let status):
            lines[resource, default: ResourceLine()].scopesDone += 1
            if status == .forbidden { lines[resource, default: ResourceLine()].forbidden += 1 }
            if status == .failed { lines[resource, default: ResourceLine()].failed += 1 }
        case .procore(let event):
            take(event)
        case .finished:
            done = true
            draw()
            return
        }
        drawIfDue()
    }

    /// Takes a Procore client event (waits, retries, tokens).
    public func handle(_ event: ProcoreEvent) {
        lock.lock()
        defer { lock.unlock() }
        take(event)
        drawIfDue()
    }

    private func take(_ event: ProcoreEvent) {
        switch event {
        case .waiting(let seconds, let reason, _):
            waits += 1
            waitSeconds += seconds
            if reason == .rateLimited { rateLimitWaits += 1 }
        case .retrying:
            retries += 1
        case .tokenIssued:
            tokens += 1
        case .pageFetched, .childrenFetched:
            break
        }
    }

    private func drawIfDue() {
        guard !done, !order.isEmpty else { return }
        let now = clock.now
        if let lastDraw, now - lastDraw < interval { return }
        draw()
    }

    /// The current frame's lines (without cursor movement).
    public func frame() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return frameLines()
    }

    private func frameLines() -> [String] {
        let width = max(12, order.map(\.count).max() ?? 12)
        var result: [String] = []
        for resource in order {
            let line = lines[resource] ?? ResourceLine()
            var text = resource.padding(toLength: width, withPad: " ", startingAt: 0)
            text += "  " + "\(line.scopesDone)/\(line.scopes)".leftPadded(9) + " scopes"
            text += "  " + "\(line.pages)".leftPadded(6) + " pages"
            text += "  " + "\(line.received)".leftPadded(8) + " received"
            text += "  " + "\(line.staged)".leftPadded(8) + " staged"
            if line.forbidden > 0 { text += "  \(line.forbidden) forbidden" }
            if line.failed > 0 { text += "  \(line.failed) failed" }
            result.append(text)
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        result.append("waits \(waits) (\(String(format: "%.1f", waitSeconds)) s, \(rateLimitWaits) after 429)  retries \(retries)  tokens \(tokens)  elapsed \(String(format: "%.1f", seconds)) s")
        return result
    }

    private func draw() {
        guard !order.isEmpty else { return }
        lastDraw = clock.now
        redraws += 1
        var text = ""
        if drawnLines > 0 { text += "\u{1B}[\(drawnLines)A" }
        let frame = frameLines()
        for line in frame { text += "\r\u{1B}[2K" + line + "\n" }
        drawnLines = frame.count
        output(text)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
