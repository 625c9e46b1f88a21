import Foundation
import Testing
import Benchmarks

/// The benchmarks measure each phase's peak by starting the peak anew between phases; if the
/// reset did nothing, every phase would show the setup's peak.
@Suite("Peak memory per phase")
struct ProcessMemoryTests {
    @Test("after a reset the peak is back near the resident size, below an earlier larger peak")
    func resetStartsANewPeak() throws {
        #if os(Linux)
        let size = 96 << 20
        // A large allocation is its own mapping: touched, it raises the peak; freed, it leaves.
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        for offset in stride(from: 0, to: size, by: 4096) { block.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        let raised = try #require(ProcessMemory.peakRSSBytes())
        block.deallocate()
        #expect(ProcessMemory.resetPeak())
        let after = try #require(ProcessMemory.peakRSSBytes())
        let resident = try #require(ProcessMemory.currentRSSBytes())
        #expect(after < raised - size / 2, "peak \(after) after the reset, \(raised) before")
        #expect(after >= resident - (8 << 20))
        #endif
    }
}
