"""services.evaluation: specs, results and the report context."""
