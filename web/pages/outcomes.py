"""*Resultater*: the outcome indicators the grants' reports give, per priority group and
per health community, with a chart (finance, committee, auditors; an owner's people see
their owner's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import render_template

from domain.scope import owner_scope
from domain.values import AUDITOR, COMMITTEE, FINANCE
from infrastructure.sql import reading
from readmodels.outcomes import outcomes
from web.pages.base import fresh_models, pages, require_page

#: The chart's width in its own units (the SVG scales to the page).
CHART_WIDTH = 360


def number(value: Decimal) -> str:
    """A value as people read it: `1 234,5`."""
    text = f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",")


@pages.route("/resultater")
def results() -> Any:
    actor = require_page(FINANCE, COMMITTEE, AUDITOR)
    models = fresh_models()
    with reading(models.engine) as connection:
        found = outcomes(connection, models.applications, owner_scope(actor))
    return render_template("outcomes.html", outcomes=found, width=CHART_WIDTH, number=number)
