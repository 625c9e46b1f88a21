import ArgumentParser
import Connector
import Foundation

/// `ml-connector fuzz`: mutated inputs for every parser that reads what others write.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Feed mutated inputs to every parser that reads what Procore, the agent or a person writes.",
        discussion: """
        Each target starts from valid inputs and stacks seeded mutations (bit flips, deletions, \
        duplications, format tokens, XML entity bombs, YAML aliases, thousands-deep nesting, \
        truncation, splices). A parser must accept an input or refuse it with its own error \
        type; anything else is a finding, and so is an input slower than 1 s. A crash ends the \
        process, which is a finding too. The same --seed gives the same inputs.

        Targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")).

        Examples:
          ml-connector fuzz --all --iterations 100000
          ml-connector fuzz --target soap-response --target connector-yml --seed 7

        Exit codes: 0 no findings; 4 a finding (listed); 2 usage error.
        """
    )

    @Flag(help: "Every target (the default when no --target is given).")
    var all = false

    @Option(name: .customLong("target"), help: ArgumentHelp("A target to run; repeat for more.", valueName: "name"))
    var targets: [String] = []

    @Option(help: "Mutated inputs per target (after its seeds).")
    var iterations = 100_000

    @Option(help: "Seed of the mutations.")
    var seed: UInt64 = 1

    @Flag(help: "Print the figures as JSON (no progress).")
    var json = false

    func validate() throws {
        for name in targets where FuzzTargets.named(name) == nil {
            throw ValidationError("no fuzz target '\(name)'; the targets are \(FuzzTargets.all.map(\.name).joined(separator: ", "))")
        }
        if iterations < 0 { throw ValidationError("--iterations must be 0 or more") }
    }

    func run() throws {
        let chosen = all || targets.isEmpty ? FuzzTargets.all : targets.compactMap(FuzzTargets.named)
        // The live counter rewrites one line: only on a terminal.
        let showProgress = !json && PayCycleProgress.isWanted(json: json) && isatty(STDERR_FILENO) == 1
        var reports: [Fuzzer.TargetReport] = []
        for target in chosen {
            let report = Fuzzer.run(target, iterations: iterations, seed: seed, progress: showProgress ? { done in
                FileHandle.standardError.write(Data("\r\(target.name): \(done) of \(iterations)".utf8))
            } : nil)
            if showProgress { FileHandle.standardError.write(Data("\r".utf8)) }
            reports.append(report)
            if !json {
                let verdict = report.clean ? "clean" : "FINDINGS"
                print("\(target.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(report.inputs) inputs in \(String(format: "%.1f", report.seconds)) s: \(report.accepted) accepted, \(report.refused) refused, \(report.untyped.count) untyped, \(report.hangs) hangs, slowest \(String(format: "%.2f", report.slowestMilliseconds)) ms: \(verdict)")
                if report.seedsRefused > 0 { print("  \(report.seedsRefused) seed(s) refused: the target's seeds must be valid inputs") }
                for finding in report.untyped { print("  untyped: \(finding)") }
            }
        }
        if json { try CLI.printJSON(reports) }
        if reports.contains(where: { !$0.clean }) { throw ExitStatus.needsPerson }
    }
}
