import Foundation
@testable import Ledger

/// A ledger in a fresh temporary folder on disk, removed when the test ends.
final class TemporaryLedger {
    let folder: URL
    let path: String
    let ledger: Ledger

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("ml-connector.sqlite").path
        ledger = try Ledger.open(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
