"""The JSON API under /api/v1 (contract: docs/api.md and docs/openapi.json)."""
