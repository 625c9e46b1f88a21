import Demo
import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector
#if canImport(Glibc)
import Glibc
#endif

/// The built `ml-connector run`, SIGKILLed at 20 seeded random instants against sandboxes in
/// this process, then run to the end: every idempotency key is in Sage 100 exactly once, no
/// record is lost, and the ledger file is intact.
@Suite("CrashTests: ml-connector run killed with SIGKILL", .serialized)
struct CrashTests {
    /// `.build/debug/ml-connector` next to the test bundle, or in the package's build folder.
    static let binary: String? = {
        var candidates: [String] = []
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ml-connector").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("ml-connector").path)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/ml-connector").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()


    static func launch(_ binary: String, config: String, secrets: [String: String], output: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "--config", config, "--json"]
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in secrets { environment[key] = value }
        environment["CI"] = "1"
        process.environment = environment
        if let output {
            FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: output)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Live (not superseded) records: idempotency key -> state.
    static func live(_ ledger: Ledger) throws -> [String: RecordState] {
        var result: [String: RecordState] = [:]
        for state in RecordState.allCases where state != .superseded {
            for record in try ledger.records(in: state, limit: 100_000) { result[record.idempotencyKey] = state }
        }
        return result
    }

    @Test("killed at 20 random points, then run to the end: exactly once, nothing lost, ledger intact",
          .enabled(if: CrashTests.binary != nil, "build the CLI first (swift build --product ml-connector); the crash test runs it as a child process"))
    func killedAndRestarted() async throws {
        let binary = try #require(Self.binary)

        // What a run that is never interrupted ends with.
        let reference = try await PayCycleHarness.start(unmapped: nil)
        _ = try await reference.cycle()
        let expected = try Self.live(reference.ledger())
        await reference.stop()
        #expect(expected.values.contains(.posted))

        let h = try await PayCycleHarness.start(unmapped: nil, writeLatency: .milliseconds(12))
        var random = SplitMix64(seed: 20_261_129)  // the kill instants are the same every run
        // Kill 20 runs at random points of their lives. Runs get shorter as more is posted, so
        // the window shrinks to what runs actually take whenever one ends before its kill.
        var killed = 0
        var launches = 0
        var window = 1_600
        while killed < 20 && launches < 80 {
            launches += 1
            let process = try Self.launch(binary, config: h.env.configPath, secrets: h.env.secrets)
            let delay = Int.random(in: 40...max(41, window), using: &random)
            try await Task.sleep(for: .milliseconds(delay))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            } else {
                window = max(60, delay * 3 / 4)
            }
            process.waitUntilExit()
        }
        #expect(killed == 20, "20 runs must die mid-way (\(killed) of \(launches) did)")

        var status: Int32 = -1
        for _ in 0..<4 {
            let process = try Self.launch(binary, config: h.env.configPath, secrets: h.env.secrets, output: h.folder + "/final-run.json")
            process.waitUntilExit()
            status = process.terminationStatus
            if status == 0 || status == 4 { break }
        }
        let finalOutput = (try? String(contentsOfFile: h.folder + "/final-run.json", encoding: .utf8)) ?? ""
        #expect(status == 4, "the final run ends with only the seeded dirt open (exit 4), not \(status): \(finalOutput.prefix(3000))")

        let ledger = try h.ledger()
        #expect(try ledger.integrityCheck() == ["ok"])
        let postings = try h.env.agent.postings()
        let keys = postings.map(\.idempotencyKey)
        #expect(Set(keys).count == keys.count, "an idempotency key was posted twice")
        let live = try Self.live(ledger)
        for (key, state) in live {
            #expect([RecordState.posted, .invalid, .rejected].contains(state), "\(key) ended \(state)")
        }
        let lost = Set(expected.keys).subtracting(live.keys).sorted(), added = Set(live.keys).subtracting(expected.keys).sorted()
        #expect(lost.isEmpty && added.isEmpty, "lost: \(lost.prefix(8)); added: \(added.prefix(8))")
        let posted = Set(live.filter { $0.value == .posted }.keys)
        #expect(posted == Set(keys), "ledger posted vs Sage: \(posted.symmetricDifference(keys).sorted().prefix(5))")
        let expectedPosted = Set(expected.filter { $0.value == .posted }.keys)
        #expect(posted == expectedPosted, "not posted: \(expectedPosted.subtracting(posted).sorted().prefix(8)); extra: \(posted.subtracting(expectedPosted).sorted().prefix(8))")
        await h.stop()
    }
}
