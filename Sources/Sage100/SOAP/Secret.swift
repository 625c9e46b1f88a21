// `Secret` lives in the Vault module (it is what the vault hands out); Sage 100's clients take
// it, so every user of this module sees it without importing Vault.
@_exported import struct Vault.Secret
