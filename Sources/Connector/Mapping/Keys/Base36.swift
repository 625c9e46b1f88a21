/// Upper-case base 36 (0-9, A-Z) for non-negative numbers.
enum Base36 {
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    static func encode(_ value: Int64) -> String {
        precondition(value >= 0, "base 36 of a negative number")
        if value == 0 { return "0" }
        var n = value
        var out: [Character] = []
        while n > 0 {
            out.append(digits[Int(n % 36)])
            n /= 36
        }
        return String(out.reversed())
    }

    /// 36^n (n <= 12).
    static func power(_ n: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<n { value *= 36 }
        return value
    }

    /// `value` modulo 36^width, written with exactly `width` digits.
    static func padded(_ value: Int64, width: Int) -> String {
        let space = power(width)
        let text = encode(((value % space) + space) % space)
        return String(repeating: "0", count: width - text.count) + text
    }
}
