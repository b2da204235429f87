"""Evaluating a stored plan: specs from the database, the pure engine's results, and the
mid-term report built from them."""
