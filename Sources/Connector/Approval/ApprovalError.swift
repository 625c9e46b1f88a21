import Ledger

/// Why an approval or rejection was refused, with what to do.
public enum ApprovalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The person's name is empty.
    case missingPerson
    /// A rejection needs a reason (the records' owners read it).
    case missingReason(batchID: String)
    /// The reason is longer than ``Approvals/maxReasonLength``.
    case reasonTooLong(batchID: String, length: Int, limit: Int)
    /// The batch id is not one the transform could have written.
    case invalidBatchID(String, problem: String)
    /// The ledger refused (unknown batch, wrong state).
    case ledger(String)
    /// `approve --run` named a run with no batch waiting for approval.
    case noPendingBatches(runID: String)

    public var description: String {
        switch self {
        case .missingPerson:
            return "say who approves or rejects (a person's name, e.g. --by \"Dana Ortiz\"); the audit trail records it"
        case .missingReason(let id):
            return "rejecting batch \(id) needs a reason: write it in the reject file (inbox/reject-\(id)) or pass --reason"
        case .reasonTooLong(let id, let length, let limit):
            return "the reason for rejecting batch \(id) is \(length) characters; keep it under \(limit)"
        case .invalidBatchID(let id, let problem):
            return "'\(id)' is not a batch id: \(problem). Batch ids look like 20261129T014000Z-ab12-ap-invoices; `ml-connector status` lists them"
        case .ledger(let message):
            return message
        case .noPendingBatches(let runID):
            return "run \(runID) has no batch waiting for approval; `ml-connector status` lists the batches that wait and their runs"
        }
    }
}
