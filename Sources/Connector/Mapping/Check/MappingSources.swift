import Foundation
import Ledger
import Procore

/// What `map check` and `map suggest` read from the ledger (the system of record), never from
/// staging exports: the newest version of every Procore cost code and project pulled so far.
public enum MappingSources {
    /// Every (project, cost code, type) use of the cost codes the ledger holds.
    public static func costCodeUses(ledger: Ledger) throws -> [ProcoreCostCodeUse] {
        var uses: [ProcoreCostCodeUse] = []
        try forEachNewest("cost_codes", ledger: ledger) { staged in
            guard let projectID = staged.projectID,
                  let code = try? staged.record.decode(ProcoreCostCodeRecord.self, resource: "cost_codes") else { return }
            uses += code.uses(projectID: projectID)
        }
        return uses
    }

    /// Project names by id (display name, else name, else number), from the projects pulled.
    public static func projectNames(ledger: Ledger) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        try forEachNewest("projects", ledger: ledger) { staged in
            guard let project = try? staged.record.decode(Project.self, resource: "projects") else { return }
            if let name = [project.displayName, project.name, project.projectNumber].compactMap({ $0 }).first(where: { !$0.isEmpty }) {
                names[project.id] = name
            }
        }
        return names
    }

    /// Every cost code pulled: its project, id and full code (`03-100`).
    public static func costCodes(ledger: Ledger) throws -> [(projectID: Int64, id: Int64, fullCode: String)] {
        var out: [(projectID: Int64, id: Int64, fullCode: String)] = []
        try forEachNewest("cost_codes", ledger: ledger) { staged in
            guard let project = staged.projectID,
                  let code = try? staged.record.decode(ProcoreCostCodeRecord.self, resource: "cost_codes"),
                  let full = code.fullCode?.trimmingWhitespace.nilIfEmpty ?? code.code?.trimmingWhitespace.nilIfEmpty else { return }
            out.append((project, code.id, full))
        }
        return out
    }

    /// Line item types (cost types) by id, of every one pulled: their code (`L`) and name.
    public static func lineItemTypes(ledger: Ledger) throws -> [Int64: (code: String?, name: String?)] {
        var out: [Int64: (code: String?, name: String?)] = [:]
        try forEachNewest("line_item_types", ledger: ledger) { staged in
            guard let type = try? staged.record.decode(LineItemType.self, resource: "line_item_types") else { return }
            out[type.id] = (type.code?.trimmingWhitespace.nilIfEmpty, type.name)
        }
        return out
    }

    /// The newest version of each record of `resource`, parsed, 500 at a time.
    static func forEachNewest(_ resource: String, ledger: Ledger, _ body: (StagedRecord) -> Void) throws {
        let keys = try ledger.newestSourceKeys(resource: resource, after: 0, through: try ledger.sourceSequenceHigh())
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(keys.count, start + 500)].map(\.seq)
            for version in try ledger.sourceVersions(seqs: chunk) {
                if case .success(let staged) = SourceIndex.parse(version) { body(staged) }
            }
            start += 500
        }
    }
}
