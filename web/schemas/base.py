"""The base of every request body: fields the schema does not name are refused."""

from __future__ import annotations

from marshmallow import RAISE, Schema


class Strict(Schema):
    """Refuse fields the schema does not name."""

    class Meta:
        unknown = RAISE
