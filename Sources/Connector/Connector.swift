// Module Connector.
