"""services.exchange: files in and out, typed numbers."""
