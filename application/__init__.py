"""Application services: one method per use case over the event-sourced domain."""
