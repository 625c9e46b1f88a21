import Foundation

/// Turns text Windows-1252 cannot hold into the closest text it can, and says when it could not.
///
/// Order: the text is first composed (NFC), so "e" + combining acute is "é" and is kept;
/// each character Windows-1252 lacks is then looked up in `table` ("ł" -> "l", "→" -> "->");
/// failing that, its compatibility decomposition without accents is used ("Ő" -> "O",
/// "ﬁ" -> "fi", fullwidth "Ａ" -> "A"). A character still not representable (e.g. CJK) is
/// unmappable: the caller must treat it as an error, never drop it or write "?".
public enum Windows1252Transliterator {
    /// Result of transliterating one text.
    public struct Result: Sendable, Equatable {
        /// The text to write (only Windows-1252 characters, unless `unmappable` is non-empty).
        public var text: String
        /// True when `text` differs from the (composed) input.
        public var changed: Bool
        /// Characters that have no Windows-1252 form even after transliteration.
        public var unmappable: [Character]
    }

    /// Explicit replacements for characters that do not decompose to Windows-1252.
    public static let table: [Character: String] = [
        // Letters without a decomposition.
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ĸ": "k",
        "ŀ": "l", "Ŀ": "L", "ŉ": "'n", "ŋ": "ng", "Ŋ": "NG", "ſ": "s", "ŧ": "t", "Ŧ": "T",
        "ĳ": "ij", "Ĳ": "IJ", "ə": "e", "Ə": "E", "ɛ": "e", "ǝ": "e",
        // Punctuation and symbols.
        "→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "⇐": "<=", "≤": "<=", "≥": ">=", "≠": "!=",
        "≈": "~", "−": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-", "⁃": "-", "′": "'", "″": "\"",
        "‛": "'", "‟": "\"", "✓": "v", "✔": "v", "✗": "x", "✘": "x",
        "№": "No", "℠": "SM", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8",
        "\u{2009}": " ", "\u{200A}": " ", "\u{2002}": " ", "\u{2003}": " ", "\u{202F}": " ", "\u{2007}": " ",
        "\u{2028}": "\n", "\u{2029}": "\n",
        "\u{200B}": "", "\u{200C}": "", "\u{200D}": "", "\u{2060}": "", "\u{FEFF}": "",
    ]

    /// Transliterates `text` for Windows-1252.
    public static func transliterate(_ text: String) -> Result {
        // Every Windows-1252 character is stable under NFC, so encodable text needs no work.
        if Windows1252.canEncode(text) {
            return Result(text: text, changed: false, unmappable: [])
        }
        let composed = text.precomposedStringWithCanonicalMapping
        if Windows1252.canEncode(composed) {
            return Result(text: composed, changed: false, unmappable: [])
        }
        var output = ""
        var unmappable: [Character] = []
        for character in composed {
            let single = String(character)
            if Windows1252.canEncode(single) {
                output += single
            } else if let replacement = table[character], Windows1252.canEncode(replacement) {
                output += replacement
            } else if let folded = fold(character) {
                output += folded
            } else {
                unmappable.append(character)
                output += single
            }
        }
        return Result(text: output, changed: output != composed, unmappable: unmappable)
    }

    /// Compatibility decomposition without combining marks, if that is representable and
    /// not empty.
    private static func fold(_ character: Character) -> String? {
        let decomposed = String(character).decomposedStringWithCompatibilityMapping
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: scalars.append(scalar)
            }
        }
        let folded = String(scalars).precomposedStringWithCanonicalMapping
        guard !folded.isEmpty, Windows1252.canEncode(folded) else { return nil }
        return folded
    }
}
