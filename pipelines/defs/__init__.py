"""One folder per area: `warehouse` (resources, dimensions) and `ingest` (monthly intake)."""
