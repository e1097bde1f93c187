"""The grant domain: aggregates, value objects and named errors. Imports no framework."""
