"""The body's meetings over HTTP and on the pages: once the owner registers its body,
decisions are taken in its meetings (409 `decided-in-meeting` outside them); a meeting
without quorum decides nothing (409 `no-quorum`); a recused member's vote is refused;
each decision carries its case number into the application and the export; the
protocol is written when the meeting closes, shown on its page and downloadable."""

from __future__ import annotations

from tests.web.pageforms import logged_in, send
from tests.web.support import Api, log_head
from tests.web.test_contract import problem


def test_a_body_decides_in_meetings_with_quorum_recusals_and_case_numbers(api: Api) -> None:
    first, second = api.application("prioritised"), api.application("prioritised")
    body = api.body()
    assert [m["id"] for m in body["members"]] == ["m1", "m2", "m3", "m4"] and body["quorum"] == 3
    refused = problem(api.post(f"/api/v1/applications/{first['id']}/approval", "committee",
                               {"amount": "1000000", "conditions": "", "decision_ref": "KU-sak 1/2025"}), 409)
    assert refused["type"].endswith("decided-in-meeting")
    thin = api.meeting(("m1", "m2"))
    head = log_head(api)
    decide = {"application_id": first["id"], "decision": "approve", "amount": "1000000"}
    assert problem(api.post(f"/api/v1/meetings/{thin['id']}/decisions", "committee", decide), 409)[
        "type"].endswith("no-quorum")
    assert log_head(api) == head

    meeting = api.meeting(("m1", "m2", "m3", "m4"))
    path = f"/api/v1/meetings/{meeting['id']}"
    api.ok(api.post(f"{path}/recusals", "committee",
                    {"application_id": first["id"], "member_id": "m1", "reason": "Leder tiltaket"}))
    voted = problem(api.post(f"{path}/decisions", "committee", {**decide, "votes_for": ["m1", "m2", "m3"]}), 409)
    assert voted["type"].endswith("recused")
    decided = api.ok(api.post(f"{path}/decisions", "committee", {**decide, "votes_for": ["m2", "m3"],
                                                                 "votes_against": ["m4"]}))
    assert decided["decisions"][0]["case_number"] == "KU-sak 1/2025"
    api.ok(api.post(f"{path}/decisions", "committee", {"application_id": second["id"], "decision": "reject",
                                                       "reasons": "Lavere prioritert"}))
    granted = api.ok(api.get(f"/api/v1/applications/{first['id']}", "committee"))
    refusal = api.ok(api.get(f"/api/v1/applications/{second['id']}", "committee"))
    assert (granted["status"], granted["decision_ref"]) == ("approved", "KU-sak 1/2025")
    assert (refusal["status"], refusal["decision_ref"]) == ("rejected", "KU-sak 2/2025")
    assert api.get(f"{path}/protocol", "committee").status_code == 409  # written when the meeting closes
    assert api.ok(api.post(f"{path}/closure", "committee"))["closed"] is True
    protocol = api.get(f"{path}/protocol", "auditor")
    text = protocol.get_data(as_text=True)
    assert protocol.status_code == 200 and protocol.mimetype == "text/plain"
    assert "KU-sak 1/2025" in text and "Kari Nordmann fratrådte som inhabil: Leder tiltaket" in text
    assert "Stemmer for: Ola Hansen, Siri Berg; mot: Per Olsen." in text
    exported = logged_in(api, "finance").get("/okonomi/eksport/vedtak.csv").get_data(as_text=True)
    assert "KU-sak 1/2025" in exported and "KU-sak 2/2025" in exported


def test_the_meeting_pages_register_the_body_and_record_attendance_recusal_decision_and_protocol(api: Api) -> None:
    app = api.application("prioritised")
    committee = logged_in(api, "committee")
    assert send(committee, "/moter", "/moter/organ", {
        "owner_id": "helse-nord-rhf", "name": "Koordineringsutvalget i Helse Nord", "kind": "koordineringsutvalg",
        "quorum": "2",
        "members": "Kari Nordmann\nOla Hansen\nSiri Berg", "decides_for": "Helse Nord RHF",
        "klageinstans": "Helse- og omsorgsdepartementet", "prefix": "KU-sak"}).status_code == 303
    page = committee.get("/moter").get_data(as_text=True)
    assert "<h1>Møter i Koordineringsutvalget i Helse Nord</h1>" in page
    assert ">Koordineringsutvalget i Helse Nord</a>" in page  # the menu uses the body's name
    case = committee.get(f"/soknader?referanse={app['reference']}").get_data(as_text=True)
    assert f'/soknader/{app["id"]}/innvilg"' not in case and "organets møte" in case  # decided in meetings now
    assert "data-in-meetings" in committee.get(f"/moter/{app['round_id']}").get_data(as_text=True)
    answer = send(committee, "/moter", "/moter/mote", {"held_on": api.clock.now.strftime("%d.%m.%Y"),
                                                       "place": "Bodø", "present": ["m1", "m2"],
                                                       "owner_id": "helse-nord-rhf"})
    assert answer.status_code == 303
    meeting = answer.headers["Location"]
    shown = committee.get(meeting).get_data(as_text=True)
    assert f'data-case="{app["reference"]}"' in shown and 'data-quorate="ja"' in shown
    assert send(committee, meeting, "/inhabilitet", {"application_id": app["id"], "member_id": "m1",
                                                     "reason": "Søsteren leder tiltaket"}).status_code == 303
    shown = committee.get(meeting).get_data(as_text=True)
    assert 'data-quorate="nei"' in shown and "Søsteren leder tiltaket" in shown
    refused = send(committee, meeting, "/vedtak", {"application_id": app["id"], "decision": "approve",
                                                   "amount": "1 000 000"})
    assert refused.status_code == 422 and "ikke vedtaksført" in refused.get_data(as_text=True)
    assert api.ok(api.get(f"/api/v1/applications/{app['id']}", "committee"))["status"] == "prioritised"

    other = api.application("prioritised")
    assert send(committee, meeting, "/vedtak", {"application_id": other["id"], "decision": "approve",
                                                "amount": "1 000 000"}).status_code == 303
    assert api.ok(api.get(f"/api/v1/applications/{other['id']}", "committee"))["decision_ref"] == "KU-sak 1/2025"
    assert send(committee, meeting, "/avslutt", {}).status_code == 303
    shown = committee.get(meeting).get_data(as_text=True)
    assert "data-protocol" in shown and "KU-sak 1/2025" in shown and 'id="skjema-vedtak"' not in shown
    download = committee.get(meeting + "/protokoll.txt")
    assert download.status_code == 200 and "Protokoll fra møte i Koordineringsutvalget" in download.get_data(
        as_text=True)


def test_bad_input_to_bodies_meetings_notices_and_complaints_is_refused_and_records_nothing(api: Api) -> None:
    app = api.application("paid")
    meeting = api.meeting()
    head = log_head(api)
    deep: dict[str, object] = {}
    for _ in range(200):
        deep = {"x": deep}
    for who, path, body in (
            ("committee", "/api/v1/bodies", {"owner_id": "helse-sor-ost-rhf\x00", "name": "\ud800"}),
            ("committee", "/api/v1/meetings", {"owner_id": "helse-nord-rhf", "held_on": "2025-01-15",
                                               "place": "x" * 10000, "present": ["m1"]}),
            ("committee", f"/api/v1/meetings/{meeting['id']}/decisions",
             {"application_id": app["id"], "decision": "approve", "amount": "1" * 40}),
            ("committee", f"/api/v1/meetings/{meeting['id']}/decisions", deep),
            ("committee", f"/api/v1/meetings/{meeting['id']}/recusals",
             {"application_id": app["id"], "member_id": "m9", "reason": "x"}),
            ("finance", f"/api/v1/applications/{app['id']}/notices",
             {"intent": "reclaim", "text": "a\x01b", "comment_by": "2025-02-01"}),
            ("applicant", f"/api/v1/applications/{app['id']}/complaints",
             {"text": "Klage", "received_on": "2025-01-15", "attachments": ["0" * 64]}),
            ("other_applicant", f"/api/v1/applications/{app['id']}/complaints",
             {"text": "Klage", "received_on": "2025-01-15"})):
        answer = api.post(path, who, body)
        assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.get_json())
    assert log_head(api) == head
