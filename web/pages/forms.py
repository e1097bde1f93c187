"""How a page's form runs a command: CSRF checked, the fields read as the API reads
its body (the same schemas, so the same limits), the use case called once, and then
post/redirect/get — or the form again, with what was wrong in bokmål.

Each rendered form carries a fresh key (`skjema`); the command records it as its
request key, so a form sent twice (a double click, a reload after a lost answer)
records the command once."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import flash, g, redirect, request
from marshmallow import Schema, ValidationError
from werkzeug.wrappers import Response

from domain.base import CommandKey
from domain.errors import GrantsError, InvalidInput
from web.page_answers import note_form_key
from web.pages.base import check_csrf
from web.pages.messages import edge_texts, field_label, refusal_text

FORM_KEY = "skjema"
_KEY = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Refusal:
    """Why a form was not carried out: a text for the top of the form, and one per field."""

    text: str
    fields: dict[str, str] = field(default_factory=dict)

    def renamed(self, names: dict[str, str]) -> Refusal:
        """The same refusal with each field's error under the form's own field name:
        the API's path (`budget.0.amount`) → the field the person typed it in
        (`budget-2025`), by the longest path in `names` it begins with."""
        moved: dict[str, str] = {}
        for path, text in self.fields.items():
            prefix = max((p for p in names if path == p or path.startswith(p + ".")), key=len, default=None)
            name = names[prefix] if prefix is not None else path
            moved[name] = f"{moved[name]} {text}" if name in moved and text not in moved[name] else text
        return Refusal(self.text, moved)


def new_form_key() -> str:
    """A fresh key for one rendered form (a kept page gets new ones: `web.page_answers`)."""
    return note_form_key(uuid.uuid4().hex)


def form_key(part: str = "") -> CommandKey | None:
    """The command key of this form post: its `skjema` key and a fingerprint of the
    page and fields (the same key with other fields is refused, as in the API). `part`
    tells apart the commands of one form that runs several (one per row)."""
    key = request.form.get(FORM_KEY, "")
    if not _KEY.match(key):
        return None
    digest = hashlib.sha256(f"{request.path}\n{part}".encode())
    for name in sorted(request.form):
        if name != "csrf_token":
            for value in request.form.getlist(name):
                digest.update(f"\n{name}={value}".encode())
    return CommandKey(f"side-{key}{'-' if part else ''}{part}", digest.hexdigest())


#: An amount as people in Norway write it: whole kroner with or without spaces between
#: groups of three, a comma before the øre, perhaps "kr" first or ",-" last
#: (`300 000`, `300000,50`, `kr 1 250 000,-`). A dot is refused: `300.000` could mean
#: three hundred or three hundred thousand.
_NORWEGIAN_AMOUNT = re.compile(r"(?:kr\.?\s*)?(?P<kroner>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
                               r"(?:,(?P<ore>\d{1,2})|,-)?(?:\s*kr\.?)?", re.IGNORECASE)
#: What a field that is not an amount sends on: the API's schema refuses it, and the
#: page says how an amount is written (the field still shows what was typed).
NOT_AN_AMOUNT = "ikke et beløp"


def amount_text(value: str) -> str:
    """An amount as people type it (`kr 150 000,50`) in the API's form (`150000.50`);
    "" when nothing was typed; `NOT_AN_AMOUNT` for anything else, so no other reading
    of the text is ever paid."""
    typed = value.strip()
    if not typed:
        return ""
    found = _NORWEGIAN_AMOUNT.fullmatch(typed)
    if found is None:
        return NOT_AN_AMOUNT
    kroner = re.sub(r"\D", "", found["kroner"])
    return f"{kroner}.{found['ore']}" if found["ore"] else kroner


def load(schema: Schema, data: dict[str, Any]) -> dict[str, Any]:
    """The form's fields loaded as the API loads a body (ValidationError when wrong)."""
    loaded: dict[str, Any] = schema.load(data)
    return loaded


def attempt(command: Callable[[], object]) -> tuple[object, Refusal | None]:
    """Run `command`: what it answered, or why not (in bokmål). Either way the read
    models are caught up anew before the page reads them again (`fresh_models`)."""
    g.pop("pages_caught_up", None)
    try:
        return command(), None
    except ValidationError as wrong:
        messages = wrong.messages if isinstance(wrong.messages, dict) else {"_schema": wrong.messages}
        found = edge_texts(messages)
        return None, Refusal("Skjemaet har feil. Rett feltene som er merket, og send igjen.", found)
    except GrantsError as refused:
        fields = {refused.field: refusal_text(refused)} if isinstance(refused, InvalidInput) else {}
        return None, Refusal(refusal_text(refused), fields)


def each(steps: list[tuple[str, Callable[[CommandKey | None], object]]]) -> tuple[list[str], Refusal | None]:
    """Run one command per row, each with its own key, in order; stop at the first
    refusal. The rows done, and the refusal (naming its row)."""
    done: list[str] = []
    for label, step in steps:
        _, refusal = attempt(lambda: step(form_key(label)))  # noqa: B023 - called at once
        if refusal is not None:
            return done, Refusal(f"{label}: {refusal.text}", refusal.fields)
        done.append(label)
    return done, None


Said = str | Callable[[Any], str]


def submitted(command: Callable[[], object], done: Said, to: Said, again: Callable[[Refusal], Any]) -> Any:
    """A form post: CSRF, the command, then to `to` with `done` shown (post/redirect/get;
    either may be worked out from what the command answered), or `again(refusal)` — the
    page anew with the refusal — answered 422."""
    check_csrf()
    answer, refusal = attempt(command)
    if refusal is None:
        flash(done if isinstance(done, str) else done(answer), "done")
        return redirect(to if isinstance(to, str) else to(answer), 303)
    page = again(refusal)
    if isinstance(page, (Response, tuple)):  # a redirect, or a page with its own status (404)
        return page
    return page, 422


__all__ = ["FORM_KEY", "NOT_AN_AMOUNT", "Refusal", "amount_text", "attempt", "each", "field_label", "form_key", "load",
           "new_form_key", "submitted"]
