"""Plans and what they commit to: ingest (documents and exports), uploads, review of
targets, one target per indicator, progress of tasks and projects."""
