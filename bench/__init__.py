"""The build benchmark: synthetic portals (generate) timed against a plain floor (run)."""
