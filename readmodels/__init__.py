"""The read side: reading the event log in global order (projections build on this)."""
