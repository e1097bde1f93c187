"""The edges of the system: the `grants` command line and (later) the HTTP API and pages."""
