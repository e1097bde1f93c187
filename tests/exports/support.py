"""The demo data on a store, its read models caught up, and the web app over it with
one token per role — what the export and reconciliation tests work on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from application.service import Grants
from demo.scenario import SimulatedClock, run_demo
from readmodels.service import ReadModels
from tests.web.support import ISSUER, PEOPLE, ROLE_TOKENS
from web.app import create_app


@dataclass
class Demo:
    """The demo data on one store, its read models, and the web app over it."""

    url: str
    grants: Grants
    models: ReadModels
    app: Flask
    client: FlaskClient
    tokens: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, who: str | None = "auditor", **kwargs: Any) -> TestResponse:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return self.client.get(path, headers=headers, **kwargs)

    def close(self) -> None:
        self.models.close()
        self.grants.close()


def open_demo(url: str) -> Demo:
    """Fill `url` with the demo (on its simulated clock), then open it as the web app
    does, on the real clock."""
    clock = SimulatedClock()
    filler = Grants(url, clock=clock)
    run_demo(filler, clock)
    filler.close()
    grants = Grants(url)
    app = create_app(grants=grants, inline=True, secret_key="test")
    models = app.extensions["tilskudd"].models
    models.catch_up()
    demo = Demo(url, grants, models, app, app.test_client())
    for name in ROLE_TOKENS:
        role, holder, org_no, community = PEOPLE[name]
        demo.tokens[name], _ = grants.issue_token(role, ISSUER, holder=holder, org_no=org_no,
                                                  community_id=community)
    models.catch_up()
    return demo
