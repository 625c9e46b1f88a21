/// Type-erased random number generator (the actor keeps whichever one it was given).
struct AnyRandomNumberGenerator: RandomNumberGenerator {
    private var base: any RandomNumberGenerator
    init(_ base: some RandomNumberGenerator) { self.base = base }
    mutating func next() -> UInt64 { base.next() }
}
