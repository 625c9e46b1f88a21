// Module Procore.
