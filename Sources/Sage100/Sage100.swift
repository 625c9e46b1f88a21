// Module Sage100.
