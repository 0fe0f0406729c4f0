"""Monthly intake of partner files: sensor, partitioned assets, blocking checks, triage."""
