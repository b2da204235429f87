"""services.monitoring: recording, importing, approving and proposing monitoring data."""
