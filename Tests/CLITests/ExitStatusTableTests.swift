import Foundation
import Testing
@testable import Connector

/// README's exit code table is the truth: `ExitStatus` has exactly its codes, docs/pipeline.md
/// and the root command's help say the same, and each error says its code.
@Suite("CLITests: ExitStatus is the README's exit code table")
struct ExitStatusTableTests {
    /// The codes of the first markdown table after `heading` in `file`.
    static func codes(in file: String, after heading: String) throws -> [Int32] {
        let text = try String(contentsOf: CLI.root.appendingPathComponent(file), encoding: .utf8)
        let start = try #require(text.range(of: heading), "\(file) has '\(heading)'")
        var codes: [Int32] = []
        var inTable = false
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                inTable = true
                let cell = line.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if let code = Int32(cell) { codes.append(code) }
            } else if inTable {
                break
            }
        }
        return codes
    }

    @Test("README and docs/pipeline.md list exactly the ExitStatus codes")
    func tables() throws {
        let all = ExitStatus.allCases.map(\.rawValue)
        #expect(all == [0, 1, 2, 3, 4, 5])
        #expect(try Self.codes(in: "README.md", after: "Exit codes, the same for every command:") == all)
        #expect(try Self.codes(in: "docs/pipeline.md", after: "## Exit codes (every command)") == all)
    }

    @Test("the root command's help names every code", .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
    func rootHelp() async throws {
        let help = try await CLI.run(["--help"])
        #expect(help.status == 0, "\(help)")
        let text = help.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for (code, word) in [(0, "done"), (1, "fatal"), (2, "configuration"), (3, "partial pull"), (4, "exceptions need a person"), (5, "busy")] {
            #expect(text.contains("\(code) \(word)"), "ml-connector --help says '\(code) \(word)': \(text)")
        }
    }

    @Test("each error says its status: lock errors busy, configuration errors 2, the rest fatal")
    func errorStatuses() {
        #expect(ExitStatus(of: StagingError.locked(path: "/s/.pull.lock")) == .busy)
        #expect(ExitStatus(of: PullError.staging(.locked(path: "/s/.pull.lock"))) == .busy)
        #expect(ExitStatus(of: TransformError.locked(path: "/o/.transform.lock")) == .busy)
        #expect(ExitStatus(of: PostError.alreadyRunning(lockPath: "/l.post.lock")) == .busy)
        #expect(ExitStatus(of: ReplayError.locked(path: "/i/.replay.lock")) == .busy)
        #expect(ReplayError.locked(path: "/i/.replay.lock").description.contains("/i/.replay.lock"))
        #expect(ExitStatus(of: ConfigurationError.missingSecret(file: "c.yml", key: "procore.client_secret_env", variable: "X")) == .configuration)
        #expect(ExitStatus(of: PullError.authentication("refused")) == .configuration)
        #expect(ExitStatus(of: StagingError.writeFailed(path: "/s/x", reason: "disk full")) == .fatal)
        #expect(ExitStatus(of: PayCycleError.noReferenceData(company: "ABC", cause: "down")) == .fatal)
        struct Unknown: Error {}
        #expect(ExitStatus(of: Unknown()) == .fatal)
    }
}
