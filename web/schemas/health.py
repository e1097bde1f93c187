"""Liveness and readiness answers."""

from __future__ import annotations

from marshmallow import Schema, fields


class Health(Schema):
    status = fields.String(required=True)


class ProjectionState(Schema):
    position = fields.Integer(required=True)
    lag = fields.Integer(required=True)
    state = fields.String(required=True, metadata={"enum": ["running", "stopped"]})
    error = fields.String(metadata={"description": "for a stopped projection: the event it could not apply, "
                                                   "and why"})


class Readiness(Schema):
    status = fields.String(required=True)
    projections = fields.Dict(keys=fields.String(), values=fields.Nested(ProjectionState), required=True)
