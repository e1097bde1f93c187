"""The complaint and the notice over HTTP and on the pages: a party complains on the
case page or through the API; the body reverses (and the money is reserved) or forwards;
a late complaint says so; a reclaim before the notice's comment date is refused with
`not-heard`, and allowed once the parties answered; the work lists show what waits."""

from __future__ import annotations

from datetime import timedelta

from tests.web.pageforms import logged_in, send
from tests.web.support import Api, log_head
from tests.web.test_contract import problem


def _path(app: dict[str, object], suffix: str = "") -> str:
    return f"/api/v1/applications/{app['id']}{suffix}"


def test_a_complaint_on_the_page_is_reversed_over_the_api_and_reserves_money(api: Api) -> None:
    pool = api.pool("3000000")
    round_ = api.round(pool["id"])
    app = api.application("prioritised", round_id=round_["id"])
    api.ok(api.post(_path(app, "/rejection"), "committee",
                    {"reasons": "Lavere prioritert", "decision_ref": "KU-sak 3/2025"}))
    client = logged_in(api, "applicant")
    case = f"/soknader?referanse={app['reference']}"
    answer = send(client, case, "/klage", {"text": "Tiltaket svarer på formålet",
                                           "received_on": api.clock.now.strftime("%d.%m.%Y")})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    complained = api.ok(api.get(_path(app), "committee"))
    assert [(c["id"], c["status"], c["late"]) for c in complained["complaints"]] == [("K1", "received", False)]
    deadline = complained["complaints"][0]["deadline"]
    home = logged_in(api, "committee").get("/").get_data(as_text=True)
    assert f'data-kind="klage" data-key="{app["reference"]}"' in home
    assert f"Frist {deadline[8:10]}.{deadline[5:7]}.{deadline[:4]}" in home
    head = log_head(api)
    problem(api.post(_path(app, "/complaints/reversal"), "committee",
                     {"amount": "0", "decision_ref": "KU-sak 9/2025", "reasons": "x"}), 422)
    problem(api.post(_path(app, "/complaints/forwarding"), "applicant", {"statement": "x"}), 403)
    assert log_head(api) == head  # refused: nothing recorded
    reversed_ = api.ok(api.post(_path(app, "/complaints/reversal"), "committee",
                                {"amount": "700000", "decision_ref": "KU-sak 9/2025", "reasons": "Ny vurdering"}))
    assert (reversed_["status"], reversed_["granted_amount"], reversed_["decision_ref"]) == (
        "approved", "700000.00", "KU-sak 9/2025")
    assert reversed_["complaints"][0]["status"] == "reversed"
    budget = api.ok(api.get(f"/api/v1/pools/{pool['id']}", "finance"))
    assert budget["remaining"] == "2300000.00"
    page = logged_in(api, "applicant").get(case).get_data(as_text=True)
    assert "Klage tatt til følge – vedtaket er omgjort" in page and "KU-sak 9/2025" in page
    listed = logged_in(api, "committee").get("/soknader").get_data(as_text=True)  # the list says it too
    assert 'data-complaint="reversed"' in listed


def test_a_late_complaint_is_registered_late_and_forwarded(api: Api) -> None:
    app = api.application("prioritised")
    api.ok(api.post(_path(app, "/rejection"), "committee", {"reasons": "Nei", "decision_ref": "KU-sak 4/2025"}))
    api.clock.advance(days=30)
    problem(api.post(_path(app, "/complaints"), "applicant", {"text": "Klage"}), 422)  # the day it arrived
    late = api.ok(api.post(_path(app, "/complaints"), "applicant",
                           {"text": "Brevet kom sent fram", "received_on": api.clock.now.date().isoformat()}), 201)
    assert late["complaints"][0]["late"] is True
    problem(api.post(_path(app, "/complaints"), "applicant",
                     {"text": "En til", "received_on": api.clock.now.date().isoformat()}), 409)  # one at a time
    forwarded = api.ok(api.post(_path(app, "/complaints/forwarding"), "committee",
                                {"statement": "Vi fastholder vedtaket"}))
    assert forwarded["complaints"][0]["status"] == "forwarded"
    body = problem(api.post(_path(app, "/complaints/reversal"), "committee",
                            {"amount": "500000", "decision_ref": "KU-sak 5/2025", "reasons": "x"}), 409)
    assert body["type"].endswith("no-complaint")
    upheld = api.ok(api.post(_path(app, "/complaints/appeal-decision"), "committee",
                             {"outcome": "upheld", "reasons": "Vedtaket står", "decision_ref": "HOD 2025/3"}))
    assert (upheld["status"], upheld["complaints"][0]["status"]) == ("rejected", "upheld")


def test_a_reclaim_waits_for_the_notice_and_goes_ahead_after_the_answer(api: Api) -> None:
    app = api.application("paid")
    reclaim = {"amount": "100000", "reason": "Ubrukte midler",
               "due_on": (api.clock.now.date() + timedelta(days=60)).isoformat()}
    assert problem(api.post(_path(app, "/reclaims"), "finance", reclaim), 409)["type"].endswith("not-heard")
    comment_by = (api.clock.now.date() + timedelta(days=14)).isoformat()
    problem(api.post(_path(app, "/notices"), "finance", {"intent": "reclaim", "text": "x",
                                                         "comment_by": api.clock.now.date().isoformat()}), 422)
    noticed = api.ok(api.post(_path(app, "/notices"), "finance",
                              {"intent": "reclaim", "text": "Sluttrapporten viser ubrukte midler",
                               "comment_by": comment_by, "amount": "100000"}), 201)
    assert noticed["notices"][0]["comment_by"] == comment_by and noticed["notices"][0]["amount"] == "100000.00"
    assert problem(api.post(_path(app, "/reclaims"), "finance", reclaim), 409)["type"].endswith("not-heard")
    client = logged_in(api, "applicant")
    home = client.get("/").get_data(as_text=True)
    assert f'data-kind="forhandsvarsel" data-key="{app["reference"]}"' in home
    answer = send(client, f"/soknader?referanse={app['reference']}", "/merknad", {"answer": "Vi er enige i beløpet"})
    assert answer.status_code == 303
    claimed = api.ok(api.post(_path(app, "/reclaims"), "finance", reclaim), 201)
    assert claimed["reclaimed_amount"] == "100000.00" and claimed["notices"][0]["acted"] is True
    # the notice is used: a second claim needs notice of its own
    assert problem(api.post(_path(app, "/reclaims"), "finance", reclaim), 409)["type"].endswith("not-heard")
