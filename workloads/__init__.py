"""Workloads shared by the tests and the benchmarks: builders of aggregates in every
state (`builders`) and logs of any size (`scale`). Neither tests/ nor bench/ imports
the other; both import these."""
