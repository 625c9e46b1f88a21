import Foundation
import Testing

/// What the messages, help texts and documents tell a person to type must exist: every
/// `ml-connector <command>` is a real subcommand of the built executable, and every
/// configuration key they name (written `section.key`, e.g. `sage.base_url`) is a key of
/// templates/connector.yml.
@Suite("CLITests: messages name real commands and configuration keys")
struct MessageReferenceTests {
    // MARK: - What exists

    /// The command tree of the built executable (ArgumentParser's JSON dump of its help).
    struct CommandTree {
        var subcommands: [String: CommandTree] = [:]
    }

    static func commandTree() async throws -> CommandTree {
        let dump = try await CLI.run(["--experimental-dump-help"])
        try #require(dump.status == 0, "\(dump)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        func tree(_ command: [String: Any]) -> CommandTree {
            var node = CommandTree()
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                if let name = sub["commandName"] as? String { node.subcommands[name] = tree(sub) }
            }
            return node
        }
        return tree(try #require(object["command"] as? [String: Any]))
    }

    /// Every key of templates/connector.yml as a dotted path (`sage.auth.api_key_env`), the
    /// commented-out optional ones included, plus templates/mapping.yml (every mapping key).
    static func templateKeys() throws -> Set<String> {
        var keys = Set<String>()
        for file in ["templates/connector.yml", "templates/mapping.yml"] {
            keys.formUnion(TemplateKeys.keys(in: try String(contentsOf: CLI.root.appendingPathComponent(file), encoding: .utf8)))
        }
        return keys
    }

    // MARK: - Where people read

    /// Sources/**/*.swift string literals (messages and help texts), README.md, docs/*.md, templates/*.
    static func texts() throws -> [(file: String, text: String)] {
        var result: [(String, String)] = []
        let manager = FileManager.default
        let sources = CLI.root.appendingPathComponent("Sources")
        let files = manager.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for name in files.sorted() where name.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
            for literal in SwiftStrings.literals(in: text) { result.append(("Sources/" + name, literal)) }
        }
        var documents = ["README.md"]
        documents += (try manager.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("docs").path))
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        documents += ["templates/connector.yml", "templates/mapping.yml"]
        for document in documents {
            result.append((document, try String(contentsOf: CLI.root.appendingPathComponent(document), encoding: .utf8)))
        }
        return result
    }

    /// Words that follow "ml-connector" in prose without naming a command ("ml-connector needs …").
    static let proseWords: Set<String> = ["needs", "sends", "reads", "release", "builds", "pay", "test", "client",
                                          "configuration", "is", "and", "or"]

    @Test("every `ml-connector <word>` in a message, help text, README or docs names a real command",
          .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
    func commandsExist() async throws {
        let tree = try await Self.commandTree()
        #expect(tree.subcommands["run"] != nil && tree.subcommands["map"]?.subcommands["check"] != nil, "the dump has the tree")
        let pattern = try Regex(#"ml-connector ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?"#)
        var checked = 0
        for (file, text) in try Self.texts() {
            for match in text.matches(of: pattern) {
                let first = String(match.output[1].substring ?? "")
                if Self.proseWords.contains(first) { continue }
                checked += 1
                guard let command = tree.subcommands[first] else {
                    Issue.record("\(file): `ml-connector \(first)` is not a command (commands: \(tree.subcommands.keys.sorted().joined(separator: ", ")))")
                    continue
                }
                if !command.subcommands.isEmpty, let second = match.output[2].substring.map(String.init),
                   command.subcommands[second] == nil {
                    Issue.record("\(file): `ml-connector \(first) \(second)`: \(first) has only \(command.subcommands.keys.sorted().joined(separator: ", "))")
                }
            }
        }
        #expect(checked > 50, "the scan found the command references (\(checked))")
    }

    @Test("the scan catches a command that does not exist and a key the template lacks",
          .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
    func scanCatchesMistakes() async throws {
        let tree = try await Self.commandTree()
        #expect(tree.subcommands["probe"] == nil && tree.subcommands["creds"] == nil && tree.subcommands["refresh"] == nil)
        let keys = try Self.templateKeys()
        #expect(ConfigKeys.named(in: "raise sage.module_lock_max_wait_s or mapping.rules[2].account") == ["sage.module_lock_max_wait_s", "mapping.rules.account"])
        #expect(keys.contains("sage.module_lock_max_wait_s") && keys.contains("mapping.rules.account"))
        #expect(ConfigKeys.named(in: "see templates/mapping.yml and sage.formula_prefixes") == ["sage.formula_prefixes"])
        #expect(!keys.contains("sage.formula_prefixes"))
        #expect(ConfigKeys.settingNames(in: "or raise moduleLockMaxWait.", keys: keys) == ["moduleLockMaxWait"])
        #expect(SwiftStrings.literals(in: #"let a = "x \(ledger.path) y" // "c""#) == ["x  y"])
    }

    /// Audit trail action names (`appendAudit(action: "mapping.row.replaced", …)`) look like keys but are not.
    static func auditActions() throws -> [String] {
        let pattern = try NSRegularExpression(pattern: #"action: "([a-z_.]+)"#)
        var actions: [String] = []
        let sources = CLI.root.appendingPathComponent("Sources")
        for name in FileManager.default.enumerator(atPath: sources.path)?.compactMap({ $0 as? String }) ?? [] where name.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8) as NSString
            for match in pattern.matches(in: text as String, range: NSRange(location: 0, length: text.length)) {
                actions.append(text.substring(with: match.range(at: 1)))
            }
        }
        return actions
    }

    @Test("every configuration key a message or document names is a key of templates/connector.yml")
    func keysExist() throws {
        let keys = try Self.templateKeys()
        let actions = try Self.auditActions()
        #expect(actions.contains("inbox.rejected"), "the audit actions are found: \(actions.prefix(10))")
        #expect(keys.contains("sage.base_url") && keys.contains("procore.client_secret_vault") && keys.contains("webhooks.debounce_s"),
                "the template's keys, commented optional ones included: \(keys.sorted().prefix(20))")
        var named = 0
        for (file, text) in try Self.texts() {
            for key in ConfigKeys.named(in: text) {
                // An action name, or one written with an interpolated last part ("mapping.row.\(action)").
                if actions.contains(where: { key == $0 || ($0.hasSuffix(".") && (key + ".").hasPrefix($0)) }) { continue }
                named += 1
                if !keys.contains(key) { Issue.record("\(file): names the configuration key '\(key)', which templates/connector.yml does not have") }
            }
            // A setting written as its Swift property name (moduleLockMaxWait) instead of its key.
            guard file.hasPrefix("Sources/") else { continue }
            for name in ConfigKeys.settingNames(in: text, keys: keys) {
                Issue.record("\(file): a message names the setting '\(name)'; write its key (section.key, as in templates/connector.yml)")
            }
        }
        #expect(named > 50, "the scan found the key references (\(named))")
    }
}

// MARK: - Scanners

/// String literals of Swift source, without their interpolations.
enum SwiftStrings {
    static func literals(in source: String) -> [String] {
        var result: [String] = []
        let chars = Array(source)
        var i = 0
        func at(_ k: Int) -> Character? { k < chars.count ? chars[k] : nil }
        while i < chars.count {
            let c = chars[i]
            if c == "/" && at(i + 1) == "/" {                      // line comment
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/" && at(i + 1) == "*" {                      // block comment
                i += 2
                while i < chars.count && !(chars[i] == "*" && at(i + 1) == "/") { i += 1 }
                i += 2
                continue
            }
            guard c == "\"" else { i += 1; continue }
            let multiline = at(i + 1) == "\"" && at(i + 2) == "\""
            i += multiline ? 3 : 1
            var text = ""
            while i < chars.count {
                let d = chars[i]
                if d == "\\" {
                    if at(i + 1) == "(" {                          // interpolation: skip balanced parentheses
                        var depth = 0
                        i += 1
                        repeat {
                            if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1 }
                            i += 1
                        } while i < chars.count && depth > 0
                        continue
                    }
                    if at(i + 1) == "\n" { i += 2; continue }     // line continuation in """
                    text.append(at(i + 1) ?? " ")
                    i += 2
                    continue
                }
                if multiline {
                    if d == "\"" && at(i + 1) == "\"" && at(i + 2) == "\"" { i += 3; break }
                } else if d == "\"" || d == "\n" {
                    i += 1
                    break
                }
                text.append(d)
                i += 1
            }
            result.append(text)
        }
        return result
    }
}

/// Configuration keys written in text as `section.key[.key…]` with a top-level section of
/// connector.yml (`sage.base_url`, `mapping.rules[2].account` -> `mapping.rules.account`).
enum ConfigKeys {
    static let sections = ["procore", "ledger", "staging", "sage", "ebusiness", "mapping", "outbox", "inbox",
                           "approval", "transform", "reports", "webhooks"]
    /// File names such as mapping.yml or ledger.sqlite are not keys.
    static let fileExtensions: Set<String> = ["yml", "yaml", "csv", "md", "json", "jsonl", "html", "sqlite", "lock", "swift",
                                              "mustache", "txt", "xml", "pem", "key"]

    static var pattern: NSRegularExpression {
        try! NSRegularExpression(
            pattern: "(?<![A-Za-z0-9_./\\-])(" + sections.joined(separator: "|") + #")((?:\.[a-z_][a-z0-9_]*(?:\[[^\]]*\])?)+)"#)
    }

    static func named(in text: String) -> [String] {
        let ns = text as NSString
        var result: [String] = []
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let section = ns.substring(with: match.range(at: 1))
            let rest = ns.substring(with: match.range(at: 2)).replacingOccurrences(of: #"\[[^\]]*\]"#, with: "", options: .regularExpression)
            let parts = rest.split(separator: ".").map(String.init)
            guard let first = parts.first, !fileExtensions.contains(first) else { continue }
            result.append(([section] + parts).joined(separator: "."))
        }
        return result
    }

    /// camelCase words whose snake_case form is a leaf key of the template (with or without a
    /// unit suffix such as `_s`): a setting named by its Swift property.
    static func settingNames(in text: String, keys: Set<String>) -> [String] {
        var leaves = Set<String>()
        for key in keys {
            guard let leaf = key.split(separator: ".").last.map(String.init), leaf.contains("_") else { continue }
            leaves.insert(leaf)
            for suffix in ["_s", "_ms"] where leaf.hasSuffix(suffix) { leaves.insert(String(leaf.dropLast(suffix.count))) }
        }
        var result: [String] = []
        // Only in sentences: a literal that is one identifier is a field or dictionary key of the code.
        guard text.contains(" ") else { return [] }
        for match in text.matches(of: try! Regex(#"\b[a-z]+(?:[A-Z][a-z0-9]+)+\b"#)) {
            let word = String(text[match.range])
            var snake = ""
            for character in word {
                if character.isUppercase { snake += "_" + character.lowercased() } else { snake.append(character) }
            }
            if leaves.contains(snake) { result.append(word) }
        }
        return result
    }
}

/// The keys of a YAML template, as dotted paths, including keys in comments (`# key: value`
/// lines at the key's indentation) and in flow mappings (`{ base_ms: 200, cap_ms: 10000 }`).
enum TemplateKeys {
    static func keys(in yaml: String) -> Set<String> {
        var keys = Set<String>()
        var stack: [(indent: Int, key: String)] = []
        let keyPattern = try! Regex(#"^(\s*)(?:- )?([a-z_][a-z0-9_]*):(?:\s|$)(.*)$"#)
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            // Uncomment: "  # key: value" and "#   key: value" are keys at the indentation they show.
            var line = String(rawLine)
            while let hash = line.firstIndex(of: "#"), line[..<hash].allSatisfy({ $0 == " " }) {
                let before = line[..<hash].count
                var after = String(line[line.index(after: hash)...])
                if after.hasPrefix(" ") { after.removeFirst() }
                line = String(repeating: " ", count: before) + after
            }
            // A list item's keys ("- { cost_type: S, account: … }") belong to the list.
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("- {") {
                keys.formUnion(flowKeys(String(line.drop { $0 == " " || $0 == "-" }), prefix: stack.map(\.key).joined(separator: ".")))
                continue
            }
            guard let match = line.wholeMatch(of: keyPattern) else { continue }
            let indent = match.output[1].substring?.count ?? 0
            let key = String(match.output[2].substring ?? "")
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            let path = (stack.map(\.key) + [key]).joined(separator: ".")
            keys.insert(path)
            let value = String(match.output[3].substring ?? "")
            if value.trimmingCharacters(in: .whitespaces).hasPrefix("{") { keys.formUnion(flowKeys(value, prefix: path)) }
            if value.trimmingCharacters(in: .whitespaces).isEmpty || value.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                stack.append((indent, key))
            }
        }
        return keys
    }

    /// Keys of a flow mapping `{ a: 1, b: { c: 2 } }` under `prefix`.
    static func flowKeys(_ text: String, prefix: String) -> Set<String> {
        var keys = Set<String>()
        var path: [String] = prefix.isEmpty ? [] : [prefix]
        var depthKeys: [String?] = []
        var token = ""
        var inQuotes = false
        var pending: String?
        for character in text {
            if character == "\"" { inQuotes.toggle(); token.append(character); continue }
            if inQuotes { token.append(character); continue }
            switch character {
            case "{":
                depthKeys.append(pending)
                if let pending { path.append(pending) }
                pending = nil
                token = ""
            case "}":
                if let opened = depthKeys.popLast(), opened != nil { path.removeLast() }
                token = ""
            case ":":
                let name = token.trimmingCharacters(in: .whitespaces)
                if name.range(of: #"^[a-z_][a-z0-9_]*$"#, options: .regularExpression) != nil {
                    keys.insert((path + [name]).joined(separator: "."))
                    pending = name
                } else {
                    pending = nil   // a quoted id such as "1001": not a key name
                }
                token = ""
            case ",":
                pending = nil
                token = ""
            case "#" where depthKeys.isEmpty:
                return keys
            default:
                token.append(character)
            }
        }
        return keys
    }
}
