"""Retention: the job and schedule that purge expired quarantined and raw files."""
