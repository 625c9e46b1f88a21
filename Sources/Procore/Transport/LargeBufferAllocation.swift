#if canImport(Glibc)
import Glibc
#endif

/// Makes the C allocator hand large buffers (list page bodies of several MiB) back to the
/// system as soon as they are freed.
///
/// glibc serves a buffer above its mmap threshold with its own mapping, but raises that
/// threshold (and the trim threshold with it, to twice as much) to the size of every such
/// buffer freed. After the first multi-MiB page, later pages land in the per-thread arenas,
/// which keep the freed space: peak RSS then follows the page size times the arenas, not
/// what is live. Fixing the threshold keeps large buffers in their own mappings and lets the
/// arenas trim. Process-wide and idempotent; a no-op off glibc.
public enum LargeBufferAllocation {
    /// Buffers at least this large get their own mapping.
    public static let threshold = 256 << 10

    /// Applies the fixed threshold once per process (later calls do nothing). Returns whether
    /// the allocator took it (false off glibc).
    @discardableResult
    public static func returnToSystemWhenFreed() -> Bool {
        applied
    }

    private static let applied: Bool = {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        return mallopt(mmapThreshold, Int32(threshold)) == 1
        #else
        return false
        #endif
    }()
}
