/// How cost codes and cost types are compared: spaces around them are ignored and letters are
/// compared without regard to case (`03-100 ` matches `03-100`, `m` matches `M`).
enum MatchKey {
    static func code(_ text: String) -> String { text.trimmingWhitespace.uppercased() }

    /// nil and "" both mean "any type".
    static func type(_ text: String?) -> String? {
        guard let text else { return nil }
        let key = text.trimmingWhitespace.uppercased()
        return key.isEmpty ? nil : key
    }
}
