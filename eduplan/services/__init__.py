"""The one API the CLI and the web app call. Services own transactions, check roles
and write the audit log."""
