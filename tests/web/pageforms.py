"""Reading and sending the pages' forms in tests, as a browser would: every field the
form holds (hidden ones included: CSRF token, form key, version), overridden by what
the person types."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.support import Api, page_login


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = {"action": a.get("action", ""), "id": a.get("id", ""), "method": a.get("method", "get"),
                             "fields": []}
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and "name" in a:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") != "submit":
                self._current["fields"].append((a["name"], a.get("value", "")))
        elif self._current is not None and tag == "textarea" and "name" in a:
            self._textarea = a["name"]
            self._current["fields"].append((self._textarea, ""))
        elif self._current is not None and tag == "select":
            self._select, self._first = a.get("name"), None
        elif self._current is not None and tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._current["fields"].append((self._select, a.get("value", "")))
                self._select = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and self._textarea is not None:
            name, text = self._current["fields"].pop()
            self._current["fields"].append((name, text + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "form":
            self._current = None
        elif tag == "select":
            if self._select and self._current is not None and self._first is not None:  # a browser sends the first
                self._current["fields"].append((self._select, self._first))
            self._select = None


def forms_of(html: str) -> list[dict[str, Any]]:
    """Every form of a page: its action, id, method and (name, value) fields."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def send(client: FlaskClient, page: str, action_part: str, typed: dict[str, Any] | None = None,
         button: str | None = None, **kwargs: Any) -> TestResponse:
    """Open `page`, find the form whose action contains `action_part`, and post it with
    `typed` in place of (or besides) its own fields — to `button`'s own address when the
    person presses a button that has one (`formaction`)."""
    html = client.get(page).get_data(as_text=True)
    posting = [f for f in forms_of(html) if f["method"] == "post"]
    form = next((f for f in posting if f["action"] == action_part), None) or next(  # an exact address first
        (f for f in posting if action_part in f["action"]), None)
    assert form is not None, f"no form posting to …{action_part} on {page}"
    data: dict[str, Any] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    for name, value in (typed or {}).items():
        data[name] = value
    target = form["action"] if button is None else form["action"].replace(action_part, button)
    return client.post(target, data=data, **kwargs)


def logged_in(api: Api, who: str) -> FlaskClient:
    """A browser of its own, logged in to the pages as `who`."""
    client = api.client.application.test_client()
    page_login(client, api.tokens[who])
    return client


def confirm(client: FlaskClient, asked: TestResponse) -> TestResponse:
    """Press the confirmation on the page `asked` (the last look before money moves):
    its form, with every field it carries."""
    assert asked.status_code == 200, asked.status_code
    html = asked.get_data(as_text=True)
    form = next((f for f in forms_of(html) if ("bekreftet", "ja") in f["fields"]), None)
    assert form is not None, "no confirmation on the page"
    data: dict[str, Any] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    return client.post(form["action"], data=data)


def send_confirmed(client: FlaskClient, page: str, action_part: str, typed: dict[str, Any] | None = None,
                   **kwargs: Any) -> TestResponse:
    """`send`, then the confirmation it asks for (a grant or a payment); a form the
    edge refused first comes back as it is."""
    asked = send(client, page, action_part, typed, **kwargs)
    return confirm(client, asked) if asked.status_code == 200 else asked
