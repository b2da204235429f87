"""services.views: read models and their cache."""
