"""Marshmallow schemas of the HTTP API: request bodies, query strings, responses."""
