"""Logging set-up, called once by the CLI and by create_app()."""

from __future__ import annotations

import logging


def configure_logging(level: str = "WARNING") -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
