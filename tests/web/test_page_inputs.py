"""Hostile input to the pages this work added — the searches, the confirmation of a
payment and of a grant, the round's terms and text, the reason for removing a
membership, the choice of notices — is refused in words (4xx), never a 500, and
records nothing."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.pageforms import logged_in, send
from tests.web.support import Api, log_head

HOSTILE = ["\x00", "a" * 10_000, "\u202eevil", "\x07bell", "9" * 40, "-1", "1e9999", "{" * 500]
#: A lone surrogate reaches a page only in a URL, percent-encoded (a browser's form sends U+FFFD instead).
SURROGATE = "%ED%A0%80"


@pytest.mark.parametrize("value", [quote(v, safe="") for v in HOSTILE] + [SURROGATE])
def test_a_search_with_hostile_words_is_refused_or_finds_nothing(api: Api, value: str) -> None:
    api.application("submitted")
    for who, page in (("finance", "/soknader?q="), ("finance", "/okonomi/utbetalinger?q="),
                      ("finance", "/rapporter?q="), ("admin", "/drift/personer?q="),
                      ("finance", "/soknader?sortering=")):
        answer = logged_in(api, who).get(page + value)
        assert answer.status_code in (200, 422), (page, value, answer.status_code)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_money_and_terms_are_refused_before_anything_is_recorded(api: Api, value: str) -> None:
    agreed, prioritised = api.application("agreed"), api.application("prioritised")
    finance, committee = logged_in(api, "finance"), logged_in(api, "committee")
    head = log_head(api)
    for client, app, form, typed in (
            (finance, agreed, "/utbetal", {"amount": value, "payment_reference": "UTB-H"}),
            (finance, agreed, "/utbetal", {"amount": "1000", "payment_reference": value}),
            (committee, prioritised, "/innvilg", {"amount": value, "decision_ref": "KU 1"}),
            (committee, prioritised, "/innvilg", {"amount": "1000", "decision_ref": value, "conditions": value})):
        page = f"/soknader?referanse={app['reference']}"
        first = send(client, page, form, typed)
        assert first.status_code in (200, 422), (form, value, first.status_code)
        confirmed = send(client, page, form, {**typed, "bekreftet": "ja"})
        assert confirmed.status_code in (303, 422), (form, value, confirmed.status_code)
    pool = api.pool()
    opened = send(finance, "/okonomi/potter", "/okonomi/utlysninger", {
        "pool_id": pool["id"], "title": "Fiendtlig", "deadline": value, "criteria": f"e;E;{value}",
        "holdback_percent": value, "final_report_months": value, "call_text": value})
    assert opened.status_code == 422
    assert log_head(api) - head <= 1 + 2 * 4, "at most the pool and what a valid part of the matrix paid"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_reason_or_notice_choice_is_refused_or_harmless(api: Api, value: str) -> None:
    person = api.ok(api.post("/api/v1/people", "admin", {"name": "Per Fiende", "email": "per.fiende@example.no"}))
    held = api.ok(api.post(f"/api/v1/people/{person['id']}/memberships", "admin",
                           {"role": "auditor"}))["memberships"][0]
    admin = logged_in(api, "admin")
    page = f"/drift/personer/{person['id']}/medlemskap/{held['id']}/fjern"
    answer = send(admin, page, "/fjern", {"reason": value})
    assert answer.status_code in (303, 422), (value, answer.status_code)
    if answer.status_code == 422:
        assert api.ok(api.get(f"/api/v1/people/{person['id']}", "admin"))["memberships"], "refused: still held"
    chosen = send(logged_in(api, "assessor"), "/min-profil", "/min-profil/varsler", {"varsler": value})
    assert chosen.status_code in (303, 422)
    asked = logged_in(api, "admin").get(f"/drift/personer/{person['id']}/medlemskap/{quote(value[:50], safe='')}/fjern")
    assert asked.status_code in (200, 404, 422)
