import Foundation

/// One measured figure of a benchmark, e.g. "records/s" = 41 250.
public struct BenchFigure: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String

    public init(_ name: String, _ value: Double, _ unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// The figures of one benchmark run, printable as an aligned table or as JSON.
public struct BenchReport: Sendable, Codable {
    public var benchmark: String
    public var parameters: [String: String]
    public var figures: [BenchFigure]

    public init(benchmark: String, parameters: [String: String] = [:], figures: [BenchFigure] = []) {
        self.benchmark = benchmark
        self.parameters = parameters
        self.figures = figures
    }

    /// A plain-text table: the benchmark, its parameters, then one figure a line.
    public var table: String {
        var lines = ["\(benchmark)"]
        if !parameters.isEmpty {
            lines.append("  " + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        let width = figures.map(\.name.count).max() ?? 0
        for figure in figures {
            let name = figure.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(Self.format(figure.value)) \(figure.unit)")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.2f", value)
    }
}
