"""*Mine oppgaver*: every person's front page — what waits for them now, most urgent
first, each with its deadline and a link to where it is done. The case roles' tasks come
from the read models (`readmodels.tasks`); admin's from the people registered (no
membership, a key about to expire); the auditor's from the checks of the log (a broken
chain, a reconciliation difference). Those read the whole log, so they run beside the
request, at most every few minutes per process, and the front page shows the last
result (or that they are running) without waiting."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta
from typing import Any, Final

from flask import g, render_template, url_for

from domain.round import local_date
from domain.scope import community_scope, organisation_scope, owner_scope
from domain.values import ADMIN, APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE, Actor
from infrastructure.sql import reading
from readmodels.auditcheck import verify_chain
from readmodels.reconcile import reconcile
from readmodels.service import ReadModels
from readmodels.tasks import (
    Target,
    Task,
    applicant_tasks,
    committee_tasks,
    finance_tasks,
    most_urgent_first,
    secretariat_tasks,
)
from web.auth import page_actor
from web.context import services
from web.pages.base import fresh_models, pages
from web.pages.people_admin import registered_people

#: A key that expires within this long is admin's task to renew.
KEY_WARNING: Final = timedelta(days=14)
#: How long the auditor's checks of the whole log are reused before they run again.
CHECKS_REUSED: Final = 300.0

_checks_lock = threading.Lock()
_checks: dict[str, tuple[float, list[Task]]] = {}
_running: set[str] = set()


def _admin_tasks(now: datetime) -> list[Task]:
    tasks = []
    for person in registered_people():
        target = Target("people", str(person.id))
        if not person.memberships:
            tasks.append(Task("uten-rolle", "Personen har ingen rolle: gi en rolle, eller la det være", person.name,
                              target))
        for token in person.tokens.values():
            if not token.revoked and now <= token.expires_at <= now + KEY_WARNING:
                tasks.append(Task("nokkel", f"Nøkkelen «{token.name}» utløper snart", person.name, target,
                                  local_date(token.expires_at)))
    return tasks


def _checks_of_the_log(models: ReadModels) -> list[Task]:
    tasks = []
    chain = verify_chain(models)
    if not chain.ok:
        tasks.append(Task("kjede", "Kjedekontrollen fant en endret hendelse: undersøk den",
                          f"Posisjon {chain.first_bad_position}", Target("chain")))
    differences = reconcile(models).differences()
    if differences:
        tasks.append(Task("avstemming", f"Avstemmingen fant {len(differences)} avvik mellom loggen og budsjettet",
                          "Økonomi", Target("reconciliation")))
    return tasks


def _check(models: ReadModels, log: str) -> None:
    try:
        found = _checks_of_the_log(models)
        with _checks_lock:
            _checks[log] = (time.monotonic(), found)
    finally:
        with _checks_lock:
            _running.discard(log)


def auditor_checks(models: ReadModels, wait: float = 2.0) -> list[Task] | None:
    """The auditor's tasks from the last checks of the log; when those are older than
    `CHECKS_REUSED`, new checks start beside the request, which waits for them up to
    `wait` seconds. None while no result exists yet."""
    log = f"{models.engine.url}#{models.app.name}"
    with _checks_lock:
        found = _checks.get(log)
        stale = found is None or time.monotonic() - found[0] >= CHECKS_REUSED
        start = stale and log not in _running
        if start:
            _running.add(log)
    if start:
        worker = threading.Thread(target=_check, args=(models, log), name="tilskudd-log-checks", daemon=True)
        worker.start()
        worker.join(wait)
        with _checks_lock:
            found = _checks.get(log)
    return None if found is None else found[1]


def tasks_of(actor: Actor) -> list[Task]:
    """What waits for this person now, most urgent first (worked out once per request)."""
    if "tasks" in g:
        found: list[Task] = g.tasks
        return found
    models, now = fresh_models(), services().grants.now()
    today = local_date(now)
    tasks: list[Task] = []
    if actor.role == ADMIN:
        tasks = _admin_tasks(now)
    elif actor.role == AUDITOR:
        tasks = auditor_checks(models) or []
    else:
        view = models.applications
        with reading(models.engine) as connection:
            if actor.role == APPLICANT:
                tasks = applicant_tasks(connection, view, organisation_scope(actor), now)
            elif actor.role == ASSESSOR:
                tasks = secretariat_tasks(connection, view, owner_scope(actor), community_scope(actor), today)
            elif actor.role == COMMITTEE:
                tasks = committee_tasks(connection, view, owner_scope(actor))
            elif actor.role == FINANCE:
                tasks = finance_tasks(connection, view, owner_scope(actor), today)
    g.tasks = most_urgent_first(tasks, today)
    return list(g.tasks)


def task_count() -> int | None:
    """How many tasks wait for the logged-in person (None when no one is logged in)."""
    actor = page_actor()
    return None if actor is None else len(tasks_of(actor))


def link_to(target: Target) -> str:
    """Where a task is done."""
    if target.page == "case":
        return url_for("pages.lookup", referanse=target.key) + (f"#{target.anchor}" if target.anchor else "")
    if target.page == "meeting":
        return url_for("pages.meeting", round_id=target.key)
    if target.page == "people":
        return url_for("pages.people") + f"#person-{target.key}"
    if target.page == "chain":
        return url_for("pages.chain", kontroller="1")
    return url_for("pages.finance", avstemming="1")


@pages.route("/")
def home() -> Any:
    """The front page: the person's tasks, then what else their role can do."""
    actor = page_actor()
    tasks = tasks_of(actor) if actor is not None else []
    today: date = local_date(services().grants.now())
    checking = actor is not None and actor.role == AUDITOR and auditor_checks(fresh_models(), wait=0) is None
    return render_template("home.html", tasks=tasks, today=today, link_to=link_to, checking=checking)
