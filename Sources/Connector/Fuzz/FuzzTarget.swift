import Foundation

/// How one fuzz input ended.
public enum FuzzOutcome: Sendable, Equatable {
    /// The parser read it.
    case accepted
    /// The parser refused it with one of its own error types (named here).
    case refused(String)
    /// The parser threw something that is not its documented error (a finding).
    case untyped(String)
}

/// A parser that reads what others write, under fuzz: seed inputs it must accept, and a function
/// that reads one input. A trap (a crash) ends the process: the test or the command that ran
/// it fails, which is the point.
public struct FuzzTarget: Sendable {
    public var name: String
    /// What it reads, in a few words.
    public var reads: String
    /// Valid inputs the mutations start from.
    public var seeds: [[UInt8]]
    /// Byte strings worth splicing in (tokens of the format, hostile constructs).
    public var dictionary: [[UInt8]]
    public var run: @Sendable ([UInt8]) -> FuzzOutcome

    public init(name: String, reads: String, seeds: [[UInt8]], dictionary: [[UInt8]] = [],
                run: @escaping @Sendable ([UInt8]) -> FuzzOutcome) {
        self.name = name
        self.reads = reads
        self.seeds = seeds
        self.dictionary = dictionary
        self.run = run
    }

    /// `.refused` when `error` is one of `types`, `.untyped` otherwise.
    public static func classify(_ error: any Error, allowed types: [Any.Type]) -> FuzzOutcome {
        let type = Swift.type(of: error)
        let name = String(describing: type)
        return types.contains(where: { $0 == type }) ? .refused(name) : .untyped("\(name): \(String(describing: error).prefix(200))")
    }
}
