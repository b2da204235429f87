"""Read models, one per screen (dashboard, indicators, entry, plans, tasks and projects,
audit, sources, reports) and the JSON API's lists (catalog); the per-process view cache."""
