"""What every API module shares: blueprints, list arguments and cursors, answers."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate
from webargs.flaskparser import FlaskParser

from readmodels.listing import Page
from web.freshness import after_command, prepare_query, read_position_headers
from web.problems import Problem

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
#: 429: a failing credential from a client past its failed-authentication limit (`web.auth_failures`).
COMMAND_ERRORS = (400, 401, 403, 404, 409, 412, 413, 422, 429)
QUERY_ERRORS = (401, 403, 404, 422, 429, 503)


class _SchemaDecidesParser(FlaskParser):
    """webargs drops unknown query parameters by default; here each schema's own
    `unknown` (RAISE) decides, for query strings as for bodies."""

    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {}  # noqa: RUF012 - webargs reads it per instance


class StrictBlueprint(Blueprint):  # type: ignore[misc]
    """A blueprint that refuses parameters and fields its schemas do not name."""

    ARGUMENTS_PARSER = _SchemaDecidesParser()


def blueprint(name: str, description: str) -> Blueprint:
    """A blueprint under /api/v1."""
    return StrictBlueprint(name, __name__, url_prefix="/api/v1", description=description)


def documented(blp: Blueprint, *statuses: int) -> Callable[[F], F]:
    """Document the error statuses an endpoint answers (all as problem documents)."""
    def decorate(func: F) -> F:
        for status in statuses:
            func = blp.alt_response(status, response=_response_name(status))(func)
        return func
    return decorate


def _response_name(status: int) -> str:
    import http

    return http.HTTPStatus(status).name


class NoArgs(Schema):
    """No query parameters (and none unknown)."""

    class Meta:
        unknown = RAISE


class ListArgs(Schema):
    """`?limit=` (default 50, at most 500) and `?cursor=` from the previous page."""

    class Meta:
        unknown = RAISE

    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT))
    cursor = fields.String(load_default=None, validate=validate.Length(max=500))


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The sort key a cursor carries; 422 for a cursor this server did not make."""
    if cursor is None:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = None
    if not isinstance(value, list) or not value or not all(isinstance(v, (str, int)) for v in value):
        raise Problem(422, "the cursor is not one this server gave", kind="invalid-cursor",
                      errors={"cursor": ["is not a cursor from a previous page"]})
    return value


def encode_cursor(after: list[Any] | None) -> str | None:
    """The opaque cursor for the page after `after`."""
    if after is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(after, separators=(",", ":")).encode()).decode().rstrip("=")


def paged(items: list[Any], args: Mapping[str, Any], key: Callable[[Any], list[Any]], kinds: tuple[type, ...],
          newest_first: bool = False) -> dict[str, Any]:
    """A list worked out whole (a case's events, a region's overdue reports: hundreds at
    most) as pages like every other list: `limit` items after the cursor's key, in the
    order of `key` (descending with `newest_first`), and the cursor of the next page,
    which carries the last key given, so a page is the same when items are added.
    `kinds`: the types of the key's parts; a cursor of another shape is refused (422)."""
    after = decode_cursor(args.get("cursor"))
    if after is not None and (len(after) != len(kinds) or not all(
            isinstance(part, kind) and not isinstance(part, bool) for part, kind in zip(after, kinds, strict=False))):
        raise Problem(422, "the cursor is not one this list gave", kind="invalid-cursor",
                      errors={"cursor": ["is not a cursor from a previous page of this list"]})
    ordered = sorted(items, key=key, reverse=newest_first)
    if after is not None:
        try:
            ordered = [item for item in ordered if (key(item) < after if newest_first else key(item) > after)]
        except TypeError:  # a cursor of another list: its key is of other kinds
            raise Problem(422, "the cursor is not one this list gave", kind="invalid-cursor",
                          errors={"cursor": ["is not a cursor from a previous page of this list"]}) from None
    page = ordered[:args.get("limit", DEFAULT_LIMIT)]
    more = len(ordered) > len(page)
    return {"items": page, "next_cursor": encode_cursor(key(page[-1])) if more and page else None}


def paged_in_order(items: list[Any], args: Mapping[str, Any]) -> dict[str, Any]:
    """`paged`, for a list that only grows at its end (a case's reports, its letters):
    in its own order, the cursor carrying the place."""
    answer = paged(list(enumerate(items)), args, key=lambda pair: [pair[0]], kinds=(int,))
    answer["items"] = [item for _, item in answer["items"]]
    return answer


def narrowed(requested: str | None, bound: str | None) -> tuple[str | None, bool]:
    """The value a list filters on: the caller's scope (`bound`), or what they asked for
    within it; False when they asked for something outside it (the list is empty)."""
    if bound is None:
        return requested, True
    return bound, requested in (None, bound)


#: The answer of a list that has nothing the caller may see.
NOTHING: dict[str, Any] = {"items": [], "next_cursor": None}


def page_of(items: list[Any], page: Page[Any]) -> dict[str, Any]:
    """A list answer: items and the cursor of the next page."""
    return {"items": items, "next_cursor": encode_cursor(page.after)}


def query(func: F) -> F:
    """A query: read models brought up or waited for first; answers X-Read-Position."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        prepare_query()
        result = func(*args, **kwargs)
        return result, 200, read_position_headers()

    return wrapper  # type: ignore[return-value]


def answered(document: dict[str, Any], position: int | None, status: int = 200,
             replayed: bool = False) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A command's answer: the resource as it now stands, with X-Log-Position; a request
    the log shows carried out before answers as the first time, marked as replayed."""
    headers = after_command(position)
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return document, status, headers
