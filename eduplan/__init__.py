"""eduplan: Chinese education development plans as living, measured commitments.

The pipeline reads as the package layout: ingest → extract → store → evaluate →
report → web/cli. ``services`` is the one API the CLI and the web app call.
"""

__version__ = "0.1.0"
