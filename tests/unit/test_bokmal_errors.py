"""Every named error a form can meet has its own text in bokmål: the test walks the
whole hierarchy (every module of the product imported) and fails on a class without one."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from domain.errors import GrantsError, InsufficientFunds, InvalidAmount
from web.pages.messages import ERROR_TEXTS, edge_texts, refusal_text

PACKAGES = ("domain", "application", "infrastructure", "readmodels", "web", "cli", "demo")
ENGLISH = re.compile(r"\b(the|is|not|must|with|of|and|already|cannot|should)\b", re.IGNORECASE)


def _every_error() -> list[type[GrantsError]]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(module.name)
    found: list[type[GrantsError]] = []
    todo: list[type[GrantsError]] = [GrantsError]
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo.extend(kind.__subclasses__())
    return found


@pytest.mark.parametrize("kind", _every_error(), ids=lambda kind: kind.__name__)
def test_each_error_class_has_its_own_text_in_bokmal(kind: type[GrantsError]) -> None:
    assert kind in ERROR_TEXTS, f"{kind.__module__}.{kind.__name__} has no Norwegian text in web/pages/messages.py"
    text = ERROR_TEXTS[kind]
    assert text.endswith(".") and not ENGLISH.search(text), text


def test_a_refusal_names_the_field_in_bokmal() -> None:
    assert refusal_text(InvalidAmount("budget[1].amount", "must be positive")).startswith("Feltet «Budsjett per år»:")
    assert refusal_text(InsufficientFunds("pool has kr 3 left")) == ERROR_TEXTS[InsufficientFunds]
    assert edge_texts({"scores": {"effekt": ["Must be greater than or equal to 0 and less than or equal to 5."]},
                       "title": ["Missing data for required field."]}) == {
        "scores.effekt": "Poeng må være mellom 0 og 5.", "title": "Tittel må fylles ut."}


def test_every_field_a_command_on_an_application_reads_has_a_bokmal_label() -> None:
    import dataclasses

    from domain.labels import FIELD_LABELS
    from web.case_commands import EDGES

    named = {f for e in EDGES for f in e.schema.fields} | {
        f.name for e in EDGES for f in dataclasses.fields(e.command) if f.name != "application_id"}
    assert named - set(FIELD_LABELS) == set()


def _every_event() -> list[type]:
    """Each event class the log can hold, as the aggregates define them."""
    from domain.access import AccessToken
    from domain.application import Application
    from domain.identity import Identity
    from domain.letter import Letter
    from domain.payment_reference import PaymentReference
    from domain.person import Person
    from domain.pool import FundingPool
    from domain.references import ReferenceSeries
    from domain.registry import Registry
    from domain.round import Round

    found = []
    for aggregate in (Application, FundingPool, Round, ReferenceSeries, AccessToken, Person, Registry, Identity,
                      PaymentReference, Letter):
        for value in vars(aggregate).values():
            if (isinstance(value, type) and issubclass(value, aggregate.Event) and value.__name__ not in
                    ("Event", "Created") and value.__qualname__.startswith(f"{aggregate.__name__}.")):
                found.append(value)
    return found


@pytest.mark.parametrize("event", _every_event(), ids=lambda kind: kind.__qualname__)
def test_each_event_reads_in_bokmal_in_the_trail(event: type) -> None:
    from domain.labels import EVENT_LABELS
    from readmodels.summaries import _TEMPLATES

    assert event.__name__ in EVENT_LABELS, f"{event.__qualname__} has no bokmål label in domain/labels.py"
    assert event in _TEMPLATES, f"{event.__qualname__} has no bokmål summary in readmodels/summaries.py"
