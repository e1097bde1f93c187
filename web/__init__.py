"""The HTTP edge: the JSON API under /api/v1 with its OpenAPI document, and the pages
for people (`grants serve` runs it under gunicorn)."""
