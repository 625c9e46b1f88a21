// Module Vault.
