/// A budget line item of a project's budget: a cost code, a cost type (line item type) and an
/// original budget amount. Every project budgets each of its cost codes once, on the cost type
/// its work is mostly bought as, and every fourth cost code a second time as `Other` (an
/// allowance or contingency), the line a per-type mapping most often misses.
struct PBudgetLine: Sendable {
    var id: Int64
    /// Index into ``ProcoreDataset/costCodes``.
    var costCode: Int32
    /// Index into ``ProcoreDataset/lineItemTypes``.
    var lineItemType: Int16
    var originalCents: Int64
    var createdAt: Int64
    var updatedAt: Int64
}

extension ProcoreDatasetGenerator {
    static let budgetLineBase: Int64 = 640_000_000_000
    /// The company's one budget view (Procore's default "Procore Standard Budget").
    static let budgetViewID: Int64 = 7_710_001

    /// Budgets for every project, from the cost codes alone (no draw from the generator's random
    /// streams, so adding budgets changed no other record).
    static func makeBudgets(_ ds: inout ProcoreDataset, seed: UInt64) {
        let mainTypes = ["S", "L", "M", "E"].compactMap { code in ds.lineItemTypes.firstIndex { $0.code == code } }
        let other = ds.lineItemTypes.firstIndex { $0.code == "O" }
        for p in ds.projects.indices {
            let start = ds.budgetLines.count
            for c in ds.costCodeRanges[p] {
                let code = ds.costCodes[c]
                let hash = SplitMix64.mix(seed, UInt64(bitPattern: code.id))
                var types = [mainTypes[Int(hash % UInt64(mainTypes.count))]]
                if let other, (c - ds.costCodeRanges[p].lowerBound) % 4 == 3 { types.append(other) }
                for (slot, t) in types.enumerated() {
                    let dollars = 5_000 + Int64((hash >> (8 + slot * 16)) % 245_000)
                    ds.budgetLines.append(PBudgetLine(
                        id: budgetLineBase + (code.id - costCodeBase) * 8 + Int64(t),
                        costCode: Int32(c), lineItemType: Int16(t), originalCents: dollars * 100,
                        createdAt: code.createdAt, updatedAt: code.createdAt))
                }
            }
            ds.budgetLineRanges.append(start..<ds.budgetLines.count)
        }
    }
}
