import Sage100

/// Documents a batch cannot carry, found before any file of the batch is written: a problem
/// of the record (a field Sage refuses, a key another document of the batch has, a document
/// that cannot be encoded), never of the disk. The transform marks each refused document
/// invalid with its reasons and writes the batch with the others.
public struct OutboxRefusal: Error, Sendable, CustomStringConvertible {
    /// Position of the document in the batch -> every reason, each naming the record and field.
    public var reasons: [Int: [String]]

    public init(reasons: [Int: [String]]) { self.reasons = reasons }

    public var description: String {
        "\(reasons.count) document\(reasons.count == 1 ? "" : "s") cannot go into the batch: "
            + reasons.keys.sorted().prefix(5).flatMap { reasons[$0] ?? [] }.joined(separator: "; ")
    }

    /// The documents the Visual Integrator writer's problems belong to, by record label (a
    /// problem's record is the document's label, or its label and " line …").
    static func assign(_ problems: [VIProblem], to records: [any SageRecord]) -> [Int: [String]] {
        var byLabel: [String: [Int]] = [:]
        for (index, record) in records.enumerated() { byLabel[record.recordLabel, default: []].append(index) }
        var reasons: [Int: [String]] = [:]
        var duplicates: [String: Int] = [:]
        for problem in problems {
            let label = byLabel[problem.record] != nil ? problem.record
                : byLabel.keys.filter { problem.record.hasPrefix($0 + " ") }.max { $0.count < $1.count }
            guard let label, let indexes = byLabel[label] else {
                // Not a document's: refuse every document so nothing unchecked is written.
                for index in records.indices { reasons[index, default: []].append(problem.description) }
                continue
            }
            // Documents with one label share a Sage key: the n-th "appears twice" is the
            // (n+1)-th of them; the first keeps its place.
            var index = indexes[0]
            if problem.field == "key" {
                let seen = duplicates[label, default: 0] + 1
                duplicates[label] = seen
                index = indexes[min(seen, indexes.count - 1)]
            }
            reasons[index, default: []].append(problem.description)
        }
        return reasons
    }
}
