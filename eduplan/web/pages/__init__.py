"""HTML screens, one module per screen; each exposes ``router``."""
