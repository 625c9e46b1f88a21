#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a secret from standard input: from a terminal with echo turned off, or the whole of a
/// pipe or redirected file (one trailing newline dropped). Secrets never come from the command line.
public enum VaultSecretInput {
    /// The longest secret accepted, in bytes.
    public static let maxBytes = 64 * 1024

    /// Reads the secret for `name`. `prompt` is written to standard error, only when stdin is a terminal.
    public static func read(name: String, prompt: String) throws(VaultError) -> Secret {
        let text: String
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data(prompt.utf8))
            text = readWithoutEcho() ?? ""
            FileHandle.standardError.write(Data("\n".utf8))
        } else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= maxBytes else {
                throw .secretTooLong(name: name, limit: maxBytes)
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw .io(path: "standard input", operation: "read the value for '\(name)' from", reason: "it is not UTF-8 text")
            }
            text = decoded
        }
        return Secret(trimmingOneNewline(text))
    }

    /// Drops one trailing `\n` or `\r\n` (what `echo` and editors add); keeps everything else.
    static func trimmingOneNewline(_ text: String) -> String {
        var value = text
        if value.hasSuffix("\r\n") { value.removeLast(1) } else if value.hasSuffix("\n") { value.removeLast() }
        return value
    }

    private static func readWithoutEcho() -> String? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return readLine(strippingNewline: true) }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
        return readLine(strippingNewline: true)
    }
}
