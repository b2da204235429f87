"""Queries per aggregate. Functions take the session first and never commit."""
