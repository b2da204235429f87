"""services.plans: target review, drafts, progress."""
