"""Accounts: users, passwords, sign-in and API tokens; an account reaches the edges as an ``access.Actor``."""
