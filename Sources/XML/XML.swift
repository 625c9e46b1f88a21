// Module XML.
