"""What waits for a person now — the tasks of "Mine oppgaver" — read from the
application documents in their scope: the question an applicant must answer, the
report they owe; the new case, the answer, the report received and the agreement
missing that the secretariat must act on; the cases ready for the committee's meeting;
the grants finance can pay. Each task names its case, its deadline (if it has one) and
where it is done; the web layer turns that into a link.

Tasks are worked out when asked for, from the read models: nothing here is stored, so
they can never disagree with the cases they point to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import Connection

from domain.labels import report_label
from domain.statuses import Status
from readmodels import listing
from readmodels.applications import ApplicationsView
from readmodels.followup import is_overdue

#: How long a decision stays on the applicant's list, for them to read the letter.
DECISION_SHOWN: Final = timedelta(days=30)


@dataclass(frozen=True)
class Target:
    """Where a task is done: a case (by reference) and the form on its page, a meeting
    (by round), or a page of its own ("people", "chain", "reconciliation")."""

    page: str
    key: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Task:
    """One thing a person should do: what (`text`), on what (`subject`), by when
    (`due`, None when the task has no deadline), where (`target`); `kind` names the
    sort of task for programs and tests."""

    kind: str
    text: str
    subject: str
    target: Target
    due: date | None = None
    amount: Decimal | None = None

    def overdue(self, today: date) -> bool:
        """Past its deadline."""
        return self.due is not None and self.due < today


def most_urgent_first(tasks: list[Task], today: date) -> list[Task]:
    """Those past their deadline first, then by deadline, then those without one."""
    return sorted(tasks, key=lambda t: (not t.overdue(today), t.due is None, t.due or date.max, t.subject))


def report_name(report: dict[str, Any]) -> str:
    """`Sluttrapport`, or `Delrapport 2` for the second interim report (`domain.labels`)."""
    return report_label(report["kind"], report["id"])


def _documents(connection: Connection, view: ApplicationsView, **scope: str | None) -> Iterator[dict[str, Any]]:
    after = None
    while True:
        page = listing.applications(connection, view, 500, after, **scope)  # type: ignore[arg-type]
        yield from (row["document"] for row in page.items)
        if page.after is None:
            return
        after = page.after


def _case(app: dict[str, Any], anchor: str = "") -> tuple[str, Target]:
    return f"{app['reference']} {app['title']}", Target("case", app["reference"], anchor)


def _complaint_tasks(app: dict[str, Any]) -> list[Task]:
    """A complaint waiting on the body that decided (by the complaint's deadline, which
    says whether it came in time), or on the klageinstans's decision to be recorded."""
    tasks = []
    for complaint in app.get("complaints", []):
        late = " (kom for sent)" if complaint["late"] else ""
        if complaint["status"] == "received":
            subject, target = _case(app, f"klage-{complaint['id']}")
            tasks.append(Task("klage", f"Klage mottatt{late}: vurder vedtaket på nytt – omgjør det, eller send "
                                       "klagen til klageinstansen", subject, target,
                              date.fromisoformat(complaint["deadline"])))
        elif complaint["status"] == "forwarded":
            subject, target = _case(app, f"klage-{complaint['id']}")
            tasks.append(Task("klage-oversendt", "Klagen er hos klageinstansen: registrer vedtaket når det kommer",
                              subject, target))
    return tasks


def applicant_tasks(connection: Connection, view: ApplicationsView, org_no: str | None,
                    now: datetime) -> list[Task]:
    """The organisation's questions to answer, grants to accept, reports due, and decisions to read."""
    tasks: list[Task] = []
    for app in _documents(connection, view, applicant_org_no=org_no):
        if app["status"] == Status.AWAITING_INFORMATION:
            for inquiry in app.get("information_requests", []):
                if inquiry.get("answer") is None:
                    subject, target = _case(app, "skjema-svar")
                    tasks.append(Task("svar", "Svar på spørsmålet fra sekretariatet", subject, target,
                                      date.fromisoformat(inquiry["reply_by"])))
        for report in app.get("reports", []):
            if report["status"] in ("due", "returned"):
                again = " på nytt" if report["status"] == "returned" else ""
                subject, target = _case(app, "skjema-rapport")
                tasks.append(Task("rapport", f"Send inn {report_name(report).lower()}{again}", subject, target,
                                  date.fromisoformat(report["due_on"])))
        if app["status"] == Status.APPROVED and app.get("acceptance", {"answer": "n/a"})["answer"] is None:
            subject, target = _case(app, "skjema-tilsagn")
            tasks.append(Task("tilsagn", "Svar på tilsagnet: aksepter det eller takk nei", subject, target,
                              amount=Decimal(app["granted_amount"])))
        for notice in app.get("notices", []):
            if notice["answer"] is None and not notice["acted"] and notice["comment_by"] >= now.date().isoformat():
                subject, target = _case(app, "skjema-merknad")
                tasks.append(Task("forhandsvarsel", f"Forhåndsvarsel om {notice['intent_label']}: gi merknader",
                                  subject, target, date.fromisoformat(notice["comment_by"])))
        decided = app.get("decided_at")
        if decided and now - datetime.fromisoformat(decided) <= DECISION_SHOWN:
            subject, target = _case(app, "brev")
            verb = "innvilget" if app.get("granted_amount") else "avslått"
            tasks.append(Task("vedtak", f"Les vedtaket: søknaden er {verb}", subject, target))
    return tasks


def secretariat_tasks(connection: Connection, view: ApplicationsView, owner: str | None, community: str | None,
                      today: date) -> list[Task]:
    """New applications to assess, answers and reports received, questions past their
    reply date, and grants still without an agreement, in the community (or owner)."""
    tasks: list[Task] = []
    for app in _documents(connection, view, owner=owner, health_community=community):
        status = app["status"]
        inquiries = app.get("information_requests", [])
        latest = inquiries[-1] if inquiries else None
        if status == Status.AWAITING_INFORMATION and latest and latest.get("answer") is None:
            reply_by = date.fromisoformat(latest["reply_by"])
            if reply_by < today:
                subject, target = _case(app, "sporsmal")
                tasks.append(Task("svarfrist", "Svarfristen er passert: purr søkeren, eller avgjør saken", subject,
                                  target, reply_by))
        elif status in (Status.SUBMITTED, Status.UNDER_REVIEW) and latest and latest.get("answer") is not None \
                and app.get("rank") is None:
            subject, target = _case(app, "sporsmal")
            tasks.append(Task("svar-mottatt", "Les svaret fra søkeren og behandle saken videre", subject, target))
        elif status == Status.SUBMITTED:
            subject, target = _case(app, "skjema-vurdering")
            tasks.append(Task("vurder", "Ny søknad: gjør den formelle vurderingen", subject, target))
        elif status == Status.UNDER_REVIEW and app.get("rank") is None:
            subject, target = _case(app, "skjema-poeng")
            tasks.append(Task("prioriter", "Gi poeng og prioriter søknaden", subject, target))
        if status == Status.APPROVED and not app.get("agreement"):
            subject, target = _case(app, "skjema-avtale")
            tasks.append(Task("avtale", "Innvilget – mangler avtale: registrer avtalen mellom partene", subject,
                              target))
        for report in app.get("reports", []):
            if report["status"] == "received":
                subject, target = _case(app, f"tittel-vurder-{report['id']}")
                tasks.append(Task("rapport-mottatt", f"Les og vurder {report_name(report).lower()}", subject, target))
        tasks += _complaint_tasks(app)
    return tasks


def committee_tasks(connection: Connection, view: ApplicationsView, owner: str | None) -> list[Task]:
    """Per round, the prioritised cases ready for the meeting; and complaints to reconsider."""
    tasks = [task for status in (Status.REJECTED, Status.APPROVED, Status.PAID)
             for app in _documents(connection, view, owner=owner, status=status) for task in _complaint_tasks(app)]
    ready: dict[str, int] = {}
    for app in _documents(connection, view, owner=owner, status=Status.PRIORITISED):
        ready[app["round_id"]] = ready.get(app["round_id"], 0) + 1
    for round_id, count in ready.items():
        round_ = listing.round_document(connection, view, round_id) or {}
        cases = "1 sak er klar" if count == 1 else f"{count} saker er klare"
        tasks.append(Task("mote", f"Møte: {cases} til vedtak", round_.get("title", ""), Target("meeting", round_id)))
    return tasks


def finance_tasks(connection: Connection, view: ApplicationsView, owner: str | None, today: date) -> list[Task]:
    """Grants that can be paid now (accepted, an agreement, money left, no report overdue, not
    only the part held back until the final report is accepted), held-back money to
    release, and reports overdue that stop payment."""
    tasks: list[Task] = []
    for status in (Status.APPROVED, Status.PAID):
        for app in _documents(connection, view, owner=owner, status=status):
            reports = app.get("reports", [])
            late = [r for r in reports if is_overdue(r, today)]
            for report in late:
                subject, target = _case(app, "rapportering")
                tasks.append(Task("rapport-overtid", f"{report_name(report)} på overtid: utbetaling stanset",
                                  subject, target, date.fromisoformat(report["due_on"])))
            left = Decimal(app["granted_amount"] or 0) - Decimal(app["paid_amount"] or 0)
            unaccepted = app.get("acceptance", {"answer": "accepted"})["answer"] != "accepted"
            if late or left <= 0 or not app.get("agreement") or unaccepted:
                continue
            final_accepted = any(r["kind"] == "final" and r["status"] == "accepted" for r in reports)
            held = Decimal(app.get("holdback_amount") or 0)
            subject, target = _case(app, "skjema-utbetal")
            if held > 0 and final_accepted and left <= held:
                tasks.append(Task("frigi", "Sluttrapporten er godkjent: utbetal det som ble holdt tilbake", subject,
                                  target, amount=left))
            elif held <= 0 or final_accepted or left > held:
                payable = left if held <= 0 or final_accepted else left - held
                tasks.append(Task("utbetal", "Klar til utbetaling", subject, target, amount=payable))
    return tasks
