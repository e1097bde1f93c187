"""Every list in the API pages alike: `limit` and `cursor`, and `next_cursor` in the
answer. A walk page by page with `limit=1` gives exactly the whole list, in order; a
cursor from another list is refused (422), never a 500."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.support import Api

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def _lists() -> list[str]:
    """The paths of the document whose answer is a list (an object with `items`)."""
    document = json.loads(DOCUMENT.read_text())
    schemas = document["components"]["schemas"]
    found = []
    for path, operations in document["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
        if ref and "items" in schemas[ref.rsplit("/", 1)[1]].get("properties", {}):
            found.append(path)
    return found


def test_every_list_in_the_document_takes_limit_and_cursor_and_answers_next_cursor() -> None:
    document = json.loads(DOCUMENT.read_text())
    lists = _lists()
    assert len(lists) >= 10, lists
    for path in lists:
        operation = document["paths"][path]["get"]
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert {"limit", "cursor"} <= names, path
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert "next_cursor" in document["components"]["schemas"][ref]["properties"], path


def _walk(api: Api, path: str, who: str) -> list[Any]:
    whole = api.ok(api.get(f"{path}{'&' if '?' in path else '?'}limit=500", who))
    assert whole["next_cursor"] is None
    seen: list[Any] = []
    cursor = None
    for _ in range(len(whole["items"]) + 1):
        query = "limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = api.ok(api.get(f"{path}{'&' if '?' in path else '?'}{query}", who))
        assert len(page["items"]) <= 1
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == whole["items"], path
    return seen


def test_each_list_walked_one_by_one_is_the_whole_list(api: Api) -> None:
    app = api.application("agreed")
    for kind, due in (("interim", "2025-01-20"), ("final", "2025-01-25")):
        api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                        {"kind": kind, "due_on": due, "reason": "Rapport"}), 201)
    other = api.application("agreed")
    api.ok(api.post(f"/api/v1/applications/{other['id']}/reports", "finance",
                    {"kind": "final", "due_on": "2025-01-22", "reason": "Rapport"}), 201)
    for _ in range(2):
        api.ok(api.post("/api/v1/me/tokens", "admin", {"name": "Skript"}), 201)
    api.clock.advance(days=30)
    case = f"/api/v1/applications/{app['id']}"
    assert len(_walk(api, f"{case}/history", "auditor")) >= 5
    assert len(_walk(api, f"{case}/reports", "finance")) == 2
    _walk(api, f"{case}/letters", "finance")
    overdue = _walk(api, "/api/v1/reports/overdue", "finance")
    assert [r["due_on"] for r in overdue] == sorted(r["due_on"] for r in overdue), "oldest first"
    assert len(overdue) == 3
    assert len(_walk(api, "/api/v1/owners", "auditor")) >= 2
    assert len(_walk(api, "/api/v1/communities", "auditor")) >= 2
    tokens = _walk(api, "/api/v1/me/tokens", "admin")
    assert [t["issued_at"] for t in tokens] == sorted((t["issued_at"] for t in tokens), reverse=True)


@pytest.mark.parametrize("path", ["/api/v1/reports/overdue", "/api/v1/owners", "/api/v1/communities"])
def test_a_cursor_of_another_list_is_refused(api: Api, path: str) -> None:
    app = api.application("agreed")
    api.ok(api.post(f"/api/v1/applications/{app['id']}/reports", "finance",
                    {"kind": "final", "due_on": "2025-01-20", "reason": "Rapport"}), 201)
    api.clock.advance(days=30)
    # [[]]: a list of no key this server makes; not base64 JSON; [1,2,3]: a key of another shape
    for cursor in ("W1td", "not-a-cursor", "WzEsMiwzXQ"):
        answer = api.get(f"{path}?cursor={cursor}", "finance")
        assert answer.status_code == 422, (path, cursor, answer.status_code)


def test_applications_are_found_by_words_filtered_sorted_and_paged_alike_on_the_page_and_in_the_api(
        api: Api) -> None:
    from tests.web.pageforms import logged_in

    first = api.application("submitted")
    second = api.application("submitted", round_id=first["round_id"])
    api.ok(api.call("PATCH", f"/api/v1/applications/{second['id']}", "applicant",
                    {"title": "Jordmortjeneste i Salten"}))
    found = api.ok(api.get("/api/v1/applications?q=jordmor", "finance"))["items"]
    assert [a["reference"] for a in found] == [second["reference"]]
    assert api.ok(api.get("/api/v1/applications?q=bodø%20kommune", "finance"))["items"], "by the applicant's name"
    assert api.ok(api.get(f"/api/v1/applications?q={first['reference'].lower()}", "finance"))["items"][0][
        "reference"] == first["reference"]
    newest = api.ok(api.get("/api/v1/applications?sort=-submitted&limit=1", "finance"))
    oldest = api.ok(api.get("/api/v1/applications?limit=1", "finance"))
    assert newest["items"][0]["reference"] == second["reference"] != oldest["items"][0]["reference"]
    walked, cursor = [], None
    while True:
        page = api.ok(api.get("/api/v1/applications?sort=-submitted&limit=1" + (f"&cursor={cursor}" if cursor else ""),
                              "finance"))
        walked += [a["reference"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert walked == [second["reference"], first["reference"]]
    assert api.get("/api/v1/applications?sort=title", "finance").status_code == 422

    finance = logged_in(api, "finance")
    page = finance.get("/soknader?q=Jordmor&sortering=nyeste").get_data(as_text=True).split("<tbody>")[1]
    assert second["reference"] in page and first["reference"] not in page
    page = finance.get(f"/soknader?utlysning={first['round_id']}&status=submitted").get_data(as_text=True)
    page = page.split("<tbody>")[1]
    assert first["reference"] in page and second["reference"] in page
