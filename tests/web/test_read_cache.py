"""The caches of the read path keep today's freshness: over `grants serve --workers 2` on
PostgreSQL (and its projection worker), a revoked token, a revoked membership and an
ended page session are refused on the very next request in every process, a kept answer
is never older than the `X-Read-Position` it carries, and `X-Min-Position` still waits
for the projection."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
import requests

from application.service import Grants
from domain.values import COMMITTEE, FINANCE
from tests.servers import Server, serving
from tests.web.support import ISSUER
from workloads.builders import BODO, CRITERIA, FINANCE_ACTOR, LVS, FakeClock, World

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

#: Requests sent on fresh connections, so that both web processes answer some of them.
SPREAD = 16


def _get(server: Server, path: str, token: str | None = None, **headers: str) -> requests.Response:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    headers["Connection"] = "close"  # a new connection each time: either process may take it
    return requests.get(server.url + path, headers=headers, timeout=30, allow_redirects=False)


def _statuses(server: Server, path: str, token: str | None = None, cookies: dict[str, str] | None = None
              ) -> list[int]:
    return [requests.get(server.url + path, timeout=30, allow_redirects=False, cookies=cookies,
                         headers={"Connection": "close", **({"Authorization": f"Bearer {token}"} if token else {})}
                         ).status_code for _ in range(SPREAD)]


def _csrf(browser: requests.Session, url: str) -> str:
    form = browser.get(url, timeout=30).text
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert csrf is not None, form[:500]
    return csrf.group(1)


def _page_login(server: Server, token: str) -> requests.Session:
    """A browser logged in to the pages with a token (the development login)."""
    browser = requests.Session()
    answer = browser.post(server.url + "/logg-inn", data={"token": token, "csrf_token": _csrf(
        browser, server.url + "/logg-inn")}, timeout=30, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    return browser


@pytest.fixture
def system(postgres_url: str) -> Iterator[tuple[Grants, World, Server]]:
    clock = FakeClock()
    grants = Grants(postgres_url, clock=clock)
    world = World(grants, clock, pool_amount=Decimal(5_000_000))
    # 32 refusals from one address in a few seconds: above the failed-authentication limit's
    # default, which would answer some of them 429 — the limit is tested on its own
    env = {"GRANTS_DEV_LOGIN": "1", "GRANTS_AUTH_FAILURE_LIMIT": "1000/minute"}
    with serving(postgres_url, "--workers", "2", env=env) as server:
        yield grants, world, server
    grants.close()


def test_a_revoked_token_is_refused_at_once_in_every_process(system: tuple[Grants, World, Server]) -> None:
    grants, world, server = system
    application = world.prioritised()
    token, _ = grants.issue_token(FINANCE, ISSUER, holder="Kari Nordmann")
    paths = [f"/api/v1/applications/{application.id}", "/api/v1/budget"]
    head = str(grants.recorder.max_notification_id())
    assert _get(server, paths[0], token, **{"X-Min-Position": head}).status_code == 200
    for path in paths:  # both processes now hold the token and the answers
        assert _statuses(server, path, token) == [200] * SPREAD

    grants.revoke_token(token, ISSUER)

    for path in paths:
        assert _statuses(server, path, token) == [401] * SPREAD


def test_a_revoked_membership_and_an_ended_session_end_page_access_at_once(
        system: tuple[Grants, World, Server]) -> None:
    grants, _, server = system
    token, issued = grants.issue_token(FINANCE, ISSUER, holder="Kari Nordmann", email="kari@example.no")
    other, _ = grants.issue_token(FINANCE, ISSUER, holder="Per Hansen", email="per@example.no")
    kari_browser, per_browser = _page_login(server, token), _page_login(server, other)
    kari, per = kari_browser.cookies.get_dict(), per_browser.cookies.get_dict()
    assert _statuses(server, "/okonomi", cookies=kari) == [200] * SPREAD
    assert _statuses(server, "/okonomi", cookies=per) == [200] * SPREAD

    kari_id = grants.authenticate(token).id
    grants.revoke_membership(kari_id, issued.value.membership_id, ISSUER)
    assert all(status in (302, 303) for status in _statuses(server, "/okonomi", cookies=kari))
    assert _statuses(server, "/api/v1/budget", token) == [401] * SPREAD

    with per_browser:  # Per logs out; the cookie he had then opens nothing
        per = per_browser.cookies.get_dict()
        csrf = _csrf(per_browser, server.url + "/okonomi")
        assert per_browser.post(server.url + "/logg-ut", data={"csrf_token": csrf}, timeout=30,
                                allow_redirects=False).status_code == 302
    kari_browser.close()
    assert all(status in (302, 303) for status in _statuses(server, "/okonomi", cookies=per))


def test_a_kept_answer_is_never_older_than_its_read_position(system: tuple[Grants, World, Server]) -> None:
    grants, world, server = system
    application = world.prioritised()
    committee, _ = grants.issue_token(COMMITTEE, ISSUER, holder="Anne Sofie Lien")
    path = f"/api/v1/applications/{application.id}"
    before = _get(server, path, committee, **{"X-Min-Position": str(grants.recorder.max_notification_id())})
    assert before.status_code == 200 and before.json()["status"] == "prioritised"
    for _ in range(SPREAD):  # kept in both processes
        assert _get(server, path, committee).json()["status"] == "prioritised"

    approval = requests.post(server.url + path + "/approval", timeout=30, headers={
        "Authorization": f"Bearer {committee}"}, json={"amount": "1000000", "decision_ref": "KU-sak 7/2025"})
    assert approval.status_code == 200, approval.text
    written = int(approval.headers["X-Log-Position"])

    waited = _get(server, path, committee, **{"X-Min-Position": str(written)})
    assert int(waited.headers["X-Read-Position"]) >= written
    assert waited.json()["status"] == "approved"
    for _ in range(4 * SPREAD):  # in every process, kept answers moved on with the positions
        answer = _get(server, path, committee)
        assert int(answer.headers["X-Read-Position"]) >= written
        assert answer.json()["status"] == "approved"


def test_answers_follow_the_worker_without_waiting(system: tuple[Grants, World, Server]) -> None:
    grants, world, server = system
    applications = [world.prioritised() for _ in range(3)]
    committee, _ = grants.issue_token(COMMITTEE, ISSUER, holder="Anne Sofie Lien")
    paths = [f"/api/v1/applications/{a.id}" for a in applications]
    for path in paths:
        assert _get(server, path, committee, **{"X-Min-Position": str(grants.recorder.max_notification_id())}
                    ).json()["status"] == "prioritised"
    approved: list[str] = []
    for path in paths:
        approval = requests.post(server.url + path + "/approval", timeout=30, headers={
            "Authorization": f"Bearer {committee}"}, json={"amount": "1000000", "decision_ref": "KU-sak 7/2025"})
        written = int(approval.headers["X-Log-Position"])
        approved.append(path)
        for other in paths:  # asked at once, while the worker catches up
            answer = _get(server, other, committee)
            status = answer.json()["status"]
            if other in approved and int(answer.headers["X-Read-Position"]) >= written:  # the write is in it
                assert status == "approved", (other, answer.headers["X-Read-Position"], written)
            if other not in approved:
                assert status == "prioritised", other
            if status == "approved":
                approved_at = int(answer.headers["X-Read-Position"])
                assert _get(server, other, committee).json()["status"] == "approved", approved_at


def test_files_wait_for_x_min_position_like_every_read(system: tuple[Grants, World, Server]) -> None:
    """An upload right after the submission, and a download right after the upload, each
    sent with the `X-Log-Position` it follows as `X-Min-Position`, never meet a read
    model that has not caught up (both processes, fresh connections)."""
    grants, world, server = system
    applicant, _ = grants.issue_token("applicant", ISSUER, holder="Hilde Johansen", org_no=BODO.org_no)
    auth = {"Authorization": f"Bearer {applicant}", "Connection": "close"}
    # The server runs on the wall clock: a round open until a month from today.
    round_ = grants.open_round(world.pool_id, title="Utlysning med vedlegg", deadline=date.today() + timedelta(days=30),
                               criteria=CRITERIA, requires_own_contribution=False, actor=FINANCE_ACTOR).value
    body = {"round_id": str(round_.id), "health_community": {"id": LVS.id, "name": LVS.name},
            "title": "Fil rett etter innsending", "summary": "Prøve", "requested_amount": "1000",
            "applicant": {"org_no": BODO.org_no, "name": BODO.name, "kind": BODO.kind},
            "budget": [{"year": 2025, "amount": "1000"}]}
    statuses: list[tuple[int, int]] = []
    for number in range(20):
        submitted = requests.post(server.url + "/api/v1/applications", json={**body, "title": f"Fil {number}"},
                                  headers=auth, timeout=30)
        assert submitted.status_code == 201, submitted.text
        path = f"/api/v1/applications/{submitted.json()['id']}/attachments"
        content = f"%PDF-1.7\n% fil {number}\n%%EOF\n".encode()
        uploaded = requests.post(server.url + path, files={"file": (f"rapport-{number}-Bodø.pdf", content)},
                                 headers={**auth, "X-Min-Position": submitted.headers["X-Log-Position"]}, timeout=30)
        digest = uploaded.json()["attachments"][0]["sha256"] if uploaded.status_code == 201 else "0" * 64
        downloaded = requests.get(f"{server.url}{path}/{digest}", timeout=30,
                                  headers={**auth, "X-Min-Position": uploaded.headers.get("X-Log-Position", "0")})
        statuses.append((uploaded.status_code, downloaded.status_code))
        assert downloaded.content == content or downloaded.status_code != 200
        assert int(downloaded.headers.get("X-Read-Position", "0")) >= int(uploaded.headers["X-Log-Position"])
    assert statuses == [(201, 200)] * 20, statuses


def test_a_kept_page_follows_the_positions_and_is_its_persons_own_in_every_process(
        system: tuple[Grants, World, Server]) -> None:
    """The committee's meeting page, kept in both processes: never older than its
    `X-Read-Position` while the worker catches up after an approval, and never another
    member's (their name, their session's CSRF token)."""
    grants, world, server = system
    application = world.prioritised()
    anne, _ = grants.issue_token(COMMITTEE, ISSUER, holder="Anne Sofie Lien")
    odd, _ = grants.issue_token(COMMITTEE, ISSUER, holder="Odd Arne Bakke")
    path = f"/moter/{application.round_id}"
    browsers = {"Anne Sofie Lien": _page_login(server, anne), "Odd Arne Bakke": _page_login(server, odd)}
    head = grants.recorder.max_notification_id()
    assert _get(server, f"/api/v1/applications/{application.id}", anne, **{"X-Min-Position": str(head)}
                ).status_code == 200  # the worker has caught up
    tokens: dict[str, set[str]] = {name: set() for name in browsers}
    for _ in range(SPREAD):  # kept in both processes, for both members
        for name, browser in browsers.items():
            answer = requests.get(server.url + path, cookies=browser.cookies.get_dict(), timeout=30,
                                  headers={"Connection": "close"}, allow_redirects=False)
            assert answer.status_code == 200
            html = answer.text
            other = next(n for n in browsers if n != name)
            assert name in html and other not in html
            tokens[name] |= set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html))
            if int(answer.headers["X-Read-Position"]) >= head:
                assert "Prioritert" in html
    assert tokens["Anne Sofie Lien"].isdisjoint(tokens["Odd Arne Bakke"])

    approval = requests.post(server.url + f"/api/v1/applications/{application.id}/approval", timeout=30,
                             headers={"Authorization": f"Bearer {anne}"},
                             json={"amount": "1000000", "decision_ref": "KU-sak 7/2025"})
    assert approval.status_code == 200, approval.text
    written = int(approval.headers["X-Log-Position"])
    seen_after = 0
    for _ in range(8 * SPREAD):  # asked at once, while the worker catches up
        answer = requests.get(server.url + path, cookies=browsers["Odd Arne Bakke"].cookies.get_dict(), timeout=30,
                              headers={"Connection": "close"}, allow_redirects=False)
        at = int(answer.headers["X-Read-Position"])
        if at >= written:
            seen_after += 1
            assert "Innvilget" in answer.text, at
    assert seen_after > 0, "the worker caught up"
    for browser in browsers.values():
        browser.close()
