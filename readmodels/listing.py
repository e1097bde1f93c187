"""Lists the API pages through: applications, outstanding applications, pools, the audit
trail and one application's history. Keyset pagination: each page answers the sort key
of its last row, and the next page starts after it — stable while new rows arrive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Select, and_, func, literal, or_, select, tuple_, union

from readmodels.applications import ApplicationsView
from readmodels.audit import AuditView
from readmodels.budget import BudgetView
from readmodels.columns import UtcDateTime
from readmodels.outstanding import OutstandingView

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows of one page, and the sort key to continue after (None on the last page)."""

    items: list[T]
    after: list[Any] | None


def _page(connection: Connection, query: Select[Any], limit: int, key: Sequence[str]) -> Page[dict[str, Any]]:
    rows = [dict(r) for r in connection.execute(query.limit(limit + 1)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    after = [_plain(rows[-1][name]) for name in key] if more and rows else None
    return Page(rows, after)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def applications(connection: Connection, view: ApplicationsView, limit: int, after: list[Any] | None = None,
                 status: str | None = None, round_id: str | None = None, health_community: str | None = None,
                 owner: str | None = None, applicant_org_no: str | None = None,
                 reference: str | None = None, with_state: bool = False, search: str | None = None,
                 newest_first: bool = False) -> Page[dict[str, Any]]:
    """Application documents in order of submission (`newest_first`: the other way),
    filtered, and — with `search` — those whose reference, title or parties' names hold
    the words (with the aggregate's state, for a page that asks the domain's rules)."""
    t = view.applications
    query = select(t.c.document, t.c.submitted_at, t.c.application_id, *((t.c.state,) if with_state else ()))
    if search:
        query = query.where(t.c.search_text.contains(search.casefold(), autoescape=True))
    for column, value in ((t.c.status, status), (t.c.round_id, round_id), (t.c.owner_id, owner),
                          (t.c.health_community_id, health_community), (t.c.applicant_org_no, applicant_org_no),
                          (t.c.reference, reference)):
        if value is not None:
            query = query.where(column == value)
    if after is not None:
        key, last = tuple_(t.c.submitted_at, t.c.application_id), tuple_(
            literal(datetime.fromisoformat(after[0]), UtcDateTime()), literal(after[1]))
        query = query.where(key < last if newest_first else key > last)
    if newest_first:
        query = query.order_by(t.c.submitted_at.desc(), t.c.application_id.desc())
    else:
        query = query.order_by(t.c.submitted_at, t.c.application_id)
    return _page(connection, query, limit, ("submitted_at", "application_id"))


def application(connection: Connection, view: ApplicationsView, application_id: str) -> dict[str, Any] | None:
    """One application's row (document, applicant org, status), or None."""
    t = view.applications
    row = connection.execute(select(t).where(t.c.application_id == application_id)).mappings().first()
    return None if row is None else dict(row)


def application_states(connection: Connection, view: ApplicationsView,
                       application_ids: list[str]) -> list[dict[str, Any]]:
    """The id and state of each of these applications (those that exist), in one query per 500."""
    t, found = view.applications, list[dict[str, Any]]()
    for start in range(0, len(application_ids), 500):
        chunk = application_ids[start:start + 500]
        found.extend(dict(row) for row in connection.execute(
            select(t.c.application_id, t.c.state).where(t.c.application_id.in_(chunk))).mappings())
    return found


def application_by_reference(connection: Connection, view: ApplicationsView, reference: str) -> dict[str, Any] | None:
    """One application's row by its reference (RST-2025-0042), or None."""
    t = view.applications
    row = connection.execute(select(t).where(t.c.reference == reference)).mappings().first()
    return None if row is None else dict(row)


def round_document(connection: Connection, view: ApplicationsView, round_id: str) -> dict[str, Any] | None:
    """One round's document, or None."""
    t = view.rounds
    return connection.execute(select(t.c.document).where(t.c.round_id == round_id)).scalar_one_or_none()


def round_owner(connection: Connection, view: ApplicationsView, pool_id: str) -> str | None:
    """The owner of the pool a round draws on (None for a pool the view has not seen)."""
    t = view.pools
    return connection.execute(select(t.c.owner_id).where(t.c.pool_id == pool_id)).scalar_one_or_none()


def rounds(connection: Connection, view: ApplicationsView) -> list[dict[str, Any]]:
    """Every round's document, by deadline."""
    t = view.rounds
    return list(connection.execute(select(t.c.document).order_by(t.c.deadline, t.c.round_id)).scalars())


def outstanding(connection: Connection, view: OutstandingView, limit: int, after: list[Any] | None = None,
                health_community: str | None = None, round_id: str | None = None,
                owner: tuple[ApplicationsView, str] | None = None) -> Page[dict[str, Any]]:
    """Undecided applications, oldest first; `owner`: only those in pools of this owner
    (as the applications view knows them)."""
    t = view.outstanding
    query = select(*(c for c in t.c if c.name != "state"))
    if owner is not None:
        apps = owner[0].applications
        query = query.where(t.c.application_id.in_(select(apps.c.application_id).where(apps.c.owner_id == owner[1])))
    if health_community is not None:
        query = query.where(t.c.health_community_id == health_community)
    if round_id is not None:
        query = query.where(t.c.round_id == round_id)
    if after is not None:
        query = query.where(tuple_(t.c.submitted_at, t.c.application_id) > tuple_(
            literal(datetime.fromisoformat(after[0]), UtcDateTime()), literal(after[1])))
    query = query.order_by(t.c.submitted_at, t.c.application_id)
    return _page(connection, query, limit, ("submitted_at", "application_id"))


def pools(connection: Connection, view: BudgetView, limit: int, after: list[Any] | None = None,
          owner: str | None = None) -> Page[dict[str, Any]]:
    """Pools by owner and name (of one owner, if given)."""
    t = view.pools
    query = select(t)
    if owner is not None:
        query = query.where(t.c.owner_id == owner)
    if after is not None:
        query = query.where(tuple_(t.c.owner_name, t.c.name, t.c.pool_id) > tuple_(*after))
    query = query.order_by(t.c.owner_name, t.c.name, t.c.pool_id)
    return _page(connection, query, limit, ("owner_name", "name", "pool_id"))


def pool(connection: Connection, view: BudgetView, pool_id: str) -> dict[str, Any] | None:
    """One pool's row, or None."""
    t = view.pools
    row = connection.execute(select(t).where(t.c.pool_id == pool_id)).mappings().first()
    return None if row is None else dict(row)


def audit_events(connection: Connection, view: AuditView, limit: int, after: int | None = None,
                 application_id: str | None = None, actor: str | None = None, event_type: str | None = None,
                 since: datetime | None = None, until: datetime | None = None,
                 descending: bool = False, owner: tuple[ApplicationsView, str] | None = None,
                 actor_part: str | None = None) -> Page[dict[str, Any]]:
    """Audit rows in log order (or newest first), filtered; `owner`: only the events of
    that owner's pools, their rounds and applications (as the applications view knows them)."""
    t = view.events
    query = select(t)
    if owner is not None:
        query = query.where(t.c.aggregate_id.in_(_owned(*owner)))
    if after is not None:
        query = query.where(t.c.position < after if descending else t.c.position > after)
    if application_id is not None:
        query = query.where(t.c.application_id == application_id)
    if actor is not None:
        query = query.where(or_(t.c.actor_id == actor, t.c.actor_name == actor))
    if actor_part is not None:  # a part of the name, in any case (the pages' search)
        query = query.where(func.lower(t.c.actor_name).contains(actor_part.lower(), autoescape=True))
    if event_type is not None:
        query = query.where(t.c.event_type == event_type)
    if since is not None:
        query = query.where(t.c.recorded_at >= since)
    if until is not None:
        query = query.where(t.c.recorded_at <= until)
    query = query.order_by(t.c.position.desc() if descending else t.c.position)
    return _page(connection, query, limit, ("position",))


def audit_event(connection: Connection, view: AuditView, position: int) -> dict[str, Any] | None:
    """One audit row, or None."""
    row = connection.execute(select(view.events).where(view.events.c.position == position)).mappings().first()
    return None if row is None else dict(row)


def event_types(connection: Connection, view: AuditView) -> list[str]:
    """The event types the trail holds, for filters."""
    t = view.events
    return list(connection.execute(select(t.c.event_type).distinct().order_by(t.c.event_type)).scalars())


def history(connection: Connection, audit: AuditView, applications: ApplicationsView,
            application_id: str) -> list[dict[str, Any]]:
    """Every event of one application, oldest first, with its status after the event."""
    events, steps = audit.events, applications.steps
    query = (select(events, steps.c.status_after)
             .join(steps, and_(steps.c.position == events.c.position))
             .where(steps.c.application_id == application_id)
             .order_by(events.c.position))
    return [dict(r) for r in connection.execute(query).mappings()]


def _owned(view: ApplicationsView, owner: str) -> Any:
    """The ids of an owner's pools, their rounds and applications."""
    pools, rounds, apps = view.pools, view.rounds, view.applications
    owned_pools = select(pools.c.pool_id).where(pools.c.owner_id == owner)
    return union(owned_pools, select(rounds.c.round_id).where(rounds.c.pool_id.in_(owned_pools)),
                 select(apps.c.application_id).where(apps.c.owner_id == owner))


def owns(connection: Connection, view: ApplicationsView, owner: str, aggregate_id: str) -> bool:
    """Whether the pool, round or application is the owner's."""
    found = connection.execute(select(literal(1)).where(literal(aggregate_id).in_(_owned(view, owner)))).first()
    return found is not None

