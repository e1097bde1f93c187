"""Who may do what to an application, and when — each command's rule, declared once.

A `Rule` names the roles that may give a command, whom a role acts for (an applicant
only for its own application; an assessor for its community's), whether the person must
be impartial (`domain.impartiality`), the checks on the person (recusal, separation of
duties), the statuses the application must be in (or its reports, for a command on one
report), and the checks on the application's state (scored, agreed, money left …).

Each command declares its rule with its input (`domain.commands`). The aggregate's
commands begin with `check(rule, …)`, so a refused command raises the rule's error and
records nothing; the pages ask `allows(rule, …)` which forms to offer, so they never
offer what the domain refuses nor hide what it accepts. Input — an amount, a text — is
the command's own to check. Rules of the other aggregates (pools, rounds, people) are
their guards' (`actor.require_role`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from domain.complaint import FORWARDED, RECEIVED, open_complaint
from domain.errors import (
    AgreementMissing,
    AlreadyScored,
    DeadlinePassed,
    DecidedInMeeting,
    GrantsError,
    InvalidInput,
    NoComplaint,
    NotAccepted,
    NotEligible,
    NotHeard,
    NotPermitted,
    NotYours,
    OverGranted,
    Recused,
    ReportMissing,
    ReportOverdue,
    RoundClosed,
    SeparationOfDuties,
    WrongStatus,
)
from domain.followup import FINAL, SETTLED
from domain.money import ZERO
from domain.notice import CLOSE, INTENTS, RECLAIM, awaiting_answer, open_notice
from domain.roles import APPLICANT, ASSESSOR, Role
from domain.round import local_date
from domain.statuses import Status
from domain.values import Actor

if TYPE_CHECKING:
    from domain.application_state import ApplicationState

#: What an applicant is told of an application that is not its organisation's.
NO_SUCH_APPLICATION: Final = "no such application"


@dataclass(frozen=True)
class Circumstances:
    """What a rule may depend on besides the application and the person: the moment, and
    the round's state for a command that must come while it is open (an amendment)."""

    at: datetime
    round_open: bool | None = None
    deadline: date | None = None
    #: The application's owner takes its decisions in its body's meetings, and this is
    #: not one (`domain.body`): approvals and rejections are refused here.
    in_meetings: bool = False

    @property
    def today(self) -> date:
        """The day it is in Norway."""
        return local_date(self.at)


#: A check on the person or the application; raises a `GrantsError` when it fails.
Check = Callable[["ApplicationState", Actor, Circumstances], None]


@dataclass(frozen=True)
class Rule:
    """Who may give a command on an application, and when (see the module's text)."""

    name: str
    doing: str  # as a refusal says it: "cannot {doing} RST-2025-0001"
    roles: tuple[Role, ...]
    statuses: tuple[Status, ...] = tuple(Status)
    impartial: bool = True
    #: The person's recusal, checked first (a member who declared it is out of the case).
    recusal: Check | None = None
    #: Checks on the person after impartiality: separation of duties, scoring once.
    person: tuple[Check, ...] = ()
    requires: tuple[Check, ...] = ()
    #: For a command on one report: the statuses that report must be in.
    report_statuses: tuple[str, ...] = ()
    #: An applicant may give it for a partner of the application too (a complaint is a party's).
    parties: bool = False


def check(rule: Rule, app: ApplicationState, actor: Actor, now: Circumstances, report_id: str | None = None) -> None:
    """Raise the error of the first part of `rule` that `actor` fails on `app` now: the
    role, whom the person acts for, impartiality, the person's checks, the status (or the
    report's), the application's checks."""
    actor.require_role(*rule.roles)
    if actor.role == APPLICANT and actor.org_no != app.applicant.org_no:
        if actor.org_no not in app.involved_org_nos:
            raise NotYours(NO_SUCH_APPLICATION)
        if not rule.parties:  # a partner reads, and changes only what a party may (complain)
            raise NotPermitted(f"{actor.name} acts for organisation {actor.org_no}, not {app.applicant.org_no}")
    if actor.role == ASSESSOR and actor.community_id != app.health_community.id:
        raise NotPermitted(f"{actor.name} assesses for another health community than {app.health_community.name}")
    if rule.recusal is not None:
        rule.recusal(app, actor, now)
    if rule.impartial and actor.role != APPLICANT:
        app.check_impartial(actor)
    for person_check in rule.person:
        person_check(app, actor, now)
    if rule.report_statuses:
        _check_report(rule, app, report_id)
    elif app.status not in rule.statuses:
        raise WrongStatus(f"cannot {rule.doing} {app.reference}: it is {app.status}")
    for state_check in rule.requires:
        state_check(app, actor, now)


def allows(rule: Rule, app: ApplicationState, actor: Actor, now: Circumstances) -> bool:
    """Whether `actor` may give the command now, whatever its input (for a command on one
    report: on some report of the application)."""
    return refusal(rule, app, actor, now) is None


def refusal(rule: Rule, app: ApplicationState, actor: Actor, now: Circumstances) -> GrantsError | None:
    """Why `actor` may not give the command now (the error `check` raises), or None."""
    try:
        check(rule, app, actor, now, _some_report(rule, app))
    except GrantsError as refused:
        return refused
    return None


def belongs_now(rule: Rule, app: ApplicationState) -> bool:
    """Whether the command belongs to where the application stands: it is in one of the
    rule's statuses (for a command on one report: it has a report in one of the rule's
    report statuses)."""
    if rule.report_statuses:
        return _some_report(rule, app) is not None
    return app.status in rule.statuses


def waits_on(rule: Rule, app: ApplicationState, now: Circumstances) -> bool:
    """Whether the application now waits on this command from someone in its roles:
    the command belongs to where it stands (`belongs_now`), and its state passes the
    rule's checks on the application."""
    if not belongs_now(rule, app):
        return False
    nobody = Actor("", "", rule.roles[0])
    try:
        for state_check in rule.requires:
            state_check(app, nobody, now)
    except GrantsError:
        return False
    return True


def _some_report(rule: Rule, app: ApplicationState) -> str | None:
    if not rule.report_statuses:
        return None
    return next((r.id for r in app.requirements.values() if r.status in rule.report_statuses), None)


def _check_report(rule: Rule, app: ApplicationState, report_id: str | None) -> None:
    report = app.requirements.get(report_id or "")
    if report is None:
        raise InvalidInput("report_id", f"{app.reference} has no report {report_id}")
    if report.status not in rule.report_statuses:
        raise WrongStatus(f"cannot {rule.doing} report {report.id} of {app.reference}: it is {report.status}")


# -- the checks ---------------------------------------------------------------------------
def not_recused(app: ApplicationState, actor: Actor, _: Circumstances) -> None:
    """The person has not declared recusal for the application."""
    if actor.id in app.recusals:
        raise Recused(f"{actor.name} has declared recusal for {app.reference}")


def not_yet_recused(app: ApplicationState, actor: Actor, _: Circumstances) -> None:
    """The person has not declared recusal already."""
    if actor.id in app.recusals:
        raise Recused(f"{actor.name} has already declared recusal for {app.reference}")


def did_not_assess(app: ApplicationState, actor: Actor, _: Circumstances) -> None:
    """Whoever scored or prioritised the application does not decide it."""
    if actor.id in app.scorings or actor.id in app.prioritised_by:
        raise SeparationOfDuties(f"{actor.name} assessed {app.reference} and may not decide it")


def did_not_approve(app: ApplicationState, actor: Actor, _: Circumstances) -> None:
    """Whoever approved the grant does not pay it out."""
    if actor.id == app.approved_by:
        raise SeparationOfDuties(f"{actor.name} approved {app.reference} and may not pay it out")


def not_scored_by_them(app: ApplicationState, actor: Actor, _: Circumstances) -> None:
    """An assessor scores an application once."""
    if actor.id in app.scorings:
        raise AlreadyScored(f"{actor.name} has already scored {app.reference}")


def scored_and_eligible(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Prioritised only once scored, and never when screened as not eligible."""
    if app.screening is not None and not app.screening[0]:
        raise NotEligible(f"{app.reference} was screened as not eligible: {app.screening[1]}")
    if not app.scorings:
        raise WrongStatus(f"{app.reference} must be scored before it is prioritised")


def agreed(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Paid only once the parties' agreement is registered."""
    if app.agreement is None:
        raise AgreementMissing(f"{app.reference} has no registered agreement between the parties")


def acceptance_awaited(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """The grant waits on the recipient's answer (and has none yet)."""
    if not app.acceptance_due:
        raise WrongStatus(f"the grant to {app.reference} needs no acceptance")
    if app.grant_answer is not None:
        raise WrongStatus(f"the grant to {app.reference} was {app.grant_answer} already")


def grant_accepted(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Paid only once the recipient has accepted the grant (when it must)."""
    if app.acceptance_due and app.grant_answer != "accepted":
        raise NotAccepted(f"the recipient has not accepted the grant to {app.reference}")


def money_left_to_pay(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Something of the grant is not paid yet."""
    if app.unpaid_amount <= ZERO:
        raise OverGranted(f"{app.reference} is paid in full")


def no_report_overdue(app: ApplicationState, _: Actor, now: Circumstances) -> None:
    """No payment while a report is overdue."""
    late = sorted((r for r in app.requirements.values() if r.overdue(now.today)), key=lambda r: r.due_on)
    if late:
        raise ReportOverdue(f"report {late[0].id} of {app.reference} was due {late[0].due_on.isoformat()}")


def final_report_settled(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Closed only when every final report is accepted or waived — and, once money was
    paid, there is a final report (the scheme asks for one of every grant)."""
    finals = [r for r in app.requirements.values() if r.kind == FINAL]
    unsettled = [r for r in finals if r.status not in SETTLED]
    if unsettled:
        raise ReportMissing(f"the final report {unsettled[0].id} of {app.reference} is {unsettled[0].status}: "
                            "accept it, or waive the requirement with a reason, before closing")
    if not finals and app.paid_amount > ZERO:
        raise ReportMissing(f"{app.reference} has no final report: require one (or waive it) before closing")


def money_paid_out(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Something paid and not reclaimed, to claim back."""
    if app.paid_amount - app.reclaimed_amount <= ZERO:
        raise OverGranted(f"nothing paid to {app.reference} is left to reclaim")


def repayment_awaited(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """Something claimed back is not yet repaid."""
    if app.reclaimed_amount - app.repaid_amount <= ZERO:
        raise OverGranted(f"nothing claimed back from {app.reference} is waiting to be repaid")


def outside_meetings(app: ApplicationState, _: Actor, now: Circumstances) -> None:
    """Decided outside a meeting only when the owner has no deciding body."""
    if now.in_meetings:
        raise DecidedInMeeting(f"the owner of {app.reference} decides in its body's meetings: record the decision "
                               "there")


def round_open(app: ApplicationState, _: Actor, now: Circumstances) -> None:
    """The application's round is open and its deadline has not passed (Norwegian time)."""
    if now.round_open is False:
        raise RoundClosed(f"the round of {app.reference} is closed")
    if now.deadline is not None and now.today > now.deadline:
        raise DeadlinePassed(f"the deadline of the round of {app.reference} was {now.deadline.isoformat()}")


def _heard(app: ApplicationState, intent: str, now: Circumstances) -> None:
    notice = open_notice(app.notices, intent)
    if notice is None:
        raise NotHeard(f"give the parties of {app.reference} notice of {INTENTS[intent]}, with a date to comment by, "
                       "before deciding it (forvaltningsloven § 16)")
    if not notice.heard(now.today):
        raise NotHeard(f"the parties of {app.reference} may comment on notice {notice.id} until "
                       f"{notice.comment_by.isoformat()} and have not answered yet")


def heard_on_reclaim(app: ApplicationState, _: Actor, now: Circumstances) -> None:
    """Money is claimed back only after notice, once the party answered or the date to
    comment by has passed."""
    _heard(app, RECLAIM, now)


def heard_if_less_paid(app: ApplicationState, _: Actor, now: Circumstances) -> None:
    """A grant is closed with less paid than granted only after notice, as a reclaim."""
    if app.unpaid_amount > ZERO:
        _heard(app, CLOSE, now)


def notice_awaits_answer(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """A notice waits on the party's answer."""
    if awaiting_answer(app.notices) is None:
        raise WrongStatus(f"no notice on {app.reference} waits on an answer")


def no_complaint_open(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """One complaint at a time: a new one waits until the last is decided."""
    current = open_complaint(app.complaints)
    if current is not None:
        raise WrongStatus(f"complaint {current.id} of {app.reference} is still being dealt with")


def complaint_received(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """A complaint waits on the body that decided (forvaltningsloven § 33)."""
    current = open_complaint(app.complaints)
    if current is None or current.status != RECEIVED:
        raise NoComplaint(f"no complaint of {app.reference} waits on the body that decided")


def complaint_forwarded(app: ApplicationState, _: Actor, __: Circumstances) -> None:
    """A complaint waits on the klageinstans."""
    current = open_complaint(app.complaints)
    if current is None or current.status != FORWARDED:
        raise NoComplaint(f"no complaint of {app.reference} waits on the klageinstans")
