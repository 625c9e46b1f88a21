/// Words for matching cost code names to account descriptions: lower case, punctuation
/// removed, a plural `s` dropped ("Materials" -> "material", "Utilities" -> "utility"), and
/// stop words left out (articles, prepositions, and words every cost account carries such as
/// "cost" and "expense").
public enum TextTokens {
    /// Words ignored when matching.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "or", "per",
        "cost", "expense", "job", "account", "acct", "misc", "miscellaneous", "other",
    ]

    /// The distinct words of `text`.
    public static func tokens(_ text: String) -> Set<String> {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" { continue }
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var result = Set<String>()
        for word in words {
            let singular = singularize(word)
            if singular.count < 2 || stopWords.contains(singular) { continue }
            result.insert(singular)
        }
        return result
    }

    /// Drops a plural ending: "ies" -> "y", "s" -> "" (not "ss", "us", "is").
    public static func singularize(_ word: String) -> String {
        guard word.count > 3 else { return word }
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us") && !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }
}
