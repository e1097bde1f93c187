"""Liveness and readiness, for load balancers and orchestration."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from web.context import services
from web.schemas import health

blp = Blueprint("health", __name__, description="Liveness and readiness (no token needed).")


@blp.route("/healthz", methods=["GET"])
@blp.doc(security=[])
@blp.response(200, health.Health)
def healthz() -> Any:
    """The process answers."""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.doc(security=[])
@blp.response(200, health.Readiness)
@blp.alt_response(503, schema=health.Readiness,
                  description="a projection has stopped, or lags more than its limit")
def readyz() -> Any:
    """Each projection's position and lag; 503 while one has stopped on an event it
    cannot apply (named, with the error) or lags more than its limit."""
    system = services()
    statuses = system.models.status()
    stopped = [s.name for s in statuses if s.failure]
    lagging = [s.name for s in statuses if s.lag > system.max_lag and not s.failure]
    problems = ([f"stopped: {', '.join(stopped)}"] if stopped else []) + (
        [f"lagging: {', '.join(lagging)}"] if lagging else [])
    projections = {}
    for s in statuses:
        projections[s.name] = {"position": s.position, "lag": s.lag, "state": "stopped" if s.failure else "running"}
        if s.failure:
            projections[s.name]["error"] = s.failure.describe()
    body = {"status": "; ".join(problems) or "ready", "projections": projections}
    return body, 503 if problems else 200
