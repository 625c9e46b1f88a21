/// Gives the heap's free pages back to the system. glibc keeps memory a stage freed (a
/// written batch's documents, a finished stage's indexes) resident for reuse; the connector's
/// working set is a batch at a time, so between batches that memory is only weight on the
/// machine (and on a long-running `serve`). A few milliseconds per call; no-op off glibc.
public enum FreedMemory {
    public static func release() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
