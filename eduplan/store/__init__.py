"""Persistence: SQLAlchemy models, repositories (the only place that builds SQL) and
Alembic migrations shipped inside the package."""
