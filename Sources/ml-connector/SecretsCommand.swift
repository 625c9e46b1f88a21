import ArgumentParser
import Foundation
import Vault

/// `ml-connector secrets …`: the encrypted credentials store next to `connector.yml`.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Keep credentials in an encrypted vault next to connector.yml instead of environment variables.",
        discussion: """
        The vault is <config dir>/secrets.vault (AES-256-GCM, mode 0600). Its key is read from \
        ML_CONNECTOR_VAULT_KEY (base64), else the file ML_CONNECTOR_VAULT_KEY_FILE names, else \
        <config dir>/vault.key. connector.yml names entries with client_secret_vault, \
        api_key_vault and password_vault. Values are read from standard input, never from the \
        command line, and are never printed. See docs/secrets.md.

        Example:
          ml-connector secrets init --config /srv/ml-connector/connector.yml
          ml-connector secrets set procore-client-secret --config /srv/ml-connector/connector.yml

        Exit codes: 0 done; 1 the vault refused (the message says why and what to do); 2 usage.
        """,
        subcommands: [SecretsInitCommand.self, SecretsSetCommand.self, SecretsListCommand.self,
                      SecretsRemoveCommand.self, SecretsRotateKeyCommand.self]
    )
}

/// `--config`, locating the folder that holds the vault.
struct SecretsOptions: ParsableArguments {
    @Option(name: .long, help: "The connector configuration file; the vault lives in its folder.")
    var config: String = "connector.yml"

    /// The vault's paths for the configuration's folder and this process's environment.
    var location: VaultLocation {
        let folder = URL(fileURLWithPath: (config as NSString).expandingTildeInPath).standardizedFileURL.deletingLastPathComponent().path
        return VaultLocation(configDirectory: folder)
    }

    /// Runs `body`; a vault problem ends the command as fatal (1) with the vault's message.
    func run<T>(_ body: (VaultLocation) throws(VaultError) -> T) throws -> T {
        try body(location)
    }
}

/// `ml-connector secrets init`.
struct SecretsInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the key file (0600, unless ML_CONNECTOR_VAULT_KEY is set) and an empty vault. Never overwrites either."
    )

    @OptionGroup var options: SecretsOptions

    func run() async throws {
        let result = try options.run { location throws(VaultError) in try location.initialize() }
        if result.createdKeyFile {
            print("Created \(result.keySource) (mode 0600). Back it up apart from the vault: without it the vault cannot be opened.")
        } else {
            print("Using the key from \(result.keySource).")
        }
        print("Created the empty vault \(result.vaultPath) (mode 0600). Add entries with `ml-connector secrets set NAME`.")
    }
}

/// `ml-connector secrets set NAME`.
struct SecretsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Store a secret read from standard input (typed without echo, or piped). Replaces an earlier value.",
        discussion: """
        Example (typed):  ml-connector secrets set procore-client-secret
        Example (piped):  ml-connector secrets set sage-agent-api-key < /run/keys/agent-key
        """
    )

    @OptionGroup var options: SecretsOptions

    @Argument(help: "Entry name: letters, digits, '.', '_' or '-' (e.g. procore-client-secret).")
    var name: String

    func run() async throws {
        let stored = try options.run { location throws(VaultError) -> String in
            try VaultEntryName.validate(name)
            let store = try location.store()
            _ = try store.names()   // the key opens the vault before anything is typed
            let secret = try VaultSecretInput.read(name: name, prompt: "Value for \(name) (not shown): ")
            try store.set(secret, named: name)
            return store.path
        }
        print("Stored '\(name)' in \(stored).")
    }
}

/// `ml-connector secrets list`.
struct SecretsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the entry names (never the values)."
    )

    @OptionGroup var options: SecretsOptions

    @Flag(name: .long, help: "Print the names as one JSON array.")
    var json = false

    func run() async throws {
        let names = try options.run { location throws(VaultError) in try location.store().names() }
        if json {
            try CLI.printJSON(names)
        } else if names.isEmpty {
            print("The vault has no entries. Add one with `ml-connector secrets set NAME`.")
        } else {
            for name in names { print(name) }
        }
    }
}

/// `ml-connector secrets remove NAME`.
struct SecretsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an entry. Exits 1 when there is no such entry."
    )

    @OptionGroup var options: SecretsOptions

    @Argument(help: "Entry name.")
    var name: String

    func run() async throws {
        let removed = try options.run { location throws(VaultError) in try location.store().remove(named: name) }
        guard removed else {
            throw CLIFailure.failure("the vault has no entry '\(name)'; nothing removed", fix: "`ml-connector secrets list` shows the names")
        }
        print("Removed '\(name)'.")
    }
}

/// `ml-connector secrets rotate-key`.
struct SecretsRotateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Replace the key file's key with a new one and seal every entry again.",
        discussion: """
        Back up the new key file afterwards; the old key no longer opens the vault. \
        A key given in ML_CONNECTOR_VAULT_KEY cannot be rotated in place (see docs/secrets.md).
        """
    )

    @OptionGroup var options: SecretsOptions

    func run() async throws {
        let rotation = try options.run { location throws(VaultError) in try location.rotateKey() }
        print("Sealed \(rotation.entries) entr\(rotation.entries == 1 ? "y" : "ies") with a new key, now in \(rotation.keyFilePath) (mode 0600). "
              + "Back it up; the old key no longer opens the vault.")
    }
}
