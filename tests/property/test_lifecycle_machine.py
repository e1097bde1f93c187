"""Stateful property test: random sequences of commands on an SQLite file never break
the money invariants, never take an illegal status step, and always reload identically.
Money claimed back is not available again until it is received."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from application.base import Outcome
from application.service import Grants
from domain.application import Application
from domain.commands import (
    AnswerGrant,
    AnswerNotice,
    Approve,
    Disburse,
    ForwardComplaint,
    GiveNotice,
    LodgeComplaint,
    Prioritise,
    Reclaim,
    RecordAppealDecision,
    RecordRepayment,
    RegisterAgreement,
    Reject,
    ReverseDecision,
    Score,
    Withdraw,
)
from domain.errors import GrantsError
from domain.money import ZERO
from domain.statuses import TRANSITIONS
from domain.values import Actor
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_2,
    ASSESSOR_ACTOR,
    BODO,
    COMMITTEE_ACTOR,
    FINANCE_ACTOR,
    NLSH,
    FakeClock,
    World,
)

amounts = st.integers(min_value=50, max_value=400).map(lambda n: Decimal(n) * 1000)
finance_people = st.sampled_from([FINANCE_ACTOR, Actor("finance-x", "Finn", "finance")])


class GrantLifecycle(RuleBasedStateMachine):
    """Drives submit / score / prioritise / approve / answer / reject / withdraw / disburse /
    reclaim / repay against one pool of 500 000 NOK, so approvals compete for the money."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.grants = Grants(f"sqlite:///{Path(self.folder.name) / 'grants.sqlite'}", clock=FakeClock())
        self.world = World(self.grants, self.grants.clock, pool_amount=Decimal(500000))  # type: ignore[arg-type]
        self.seen: dict[UUID, Application] = {}
        self.payments = 0
        self.repayments = 0

    def _pick(self, data: st.DataObject, *statuses: str) -> UUID:
        """Mostly an application in one of `statuses`; sometimes any, to provoke refusals."""
        fitting = [i for i, a in self.seen.items() if a.status in statuses]  # submission order: replayable
        if fitting and data.draw(st.integers(0, 4), label="fitting") > 0:
            return data.draw(st.sampled_from(fitting), label="application")
        return data.draw(st.sampled_from(list(self.seen)), label="any application")

    def _apply(self, app_id: UUID, command: Callable[[], Outcome[Application]]) -> None:
        """Run a command; when refused, nothing may have been stored."""
        before = self.grants.recorder.max_notification_id()
        previous = self.seen[app_id].status
        try:
            outcome = command()
        except GrantsError as refused:
            event(f"refused: {type(refused).__name__}")
            assert self.grants.recorder.max_notification_id() == before
            return
        after = outcome.value
        event(f"reached: {after.status}")
        assert after.status == previous or after.status in TRANSITIONS[previous], (previous, after.status)
        self.seen[app_id] = after

    @initialize(fresh=st.lists(amounts, min_size=1, max_size=3), ready=st.lists(amounts, min_size=2, max_size=4))
    def submit_some(self, fresh: list[Decimal], ready: list[Decimal]) -> None:
        for amount in fresh:
            self.submit(amount)
        for amount in ready:  # already prioritised, so approvals compete for the pool early
            app = self.world.prioritised(str(amount), requested_amount=amount)
            self.seen[app.id] = app

    @rule(data=st.data(), amount=amounts, person=finance_people)
    def advance(self, data: st.DataObject, amount: Decimal, person: Actor) -> None:
        """Take one application a legal step further along the happy path."""
        app_id = self._pick(data, "submitted", "under_review", "prioritised", "approved")
        app = self.seen[app_id]
        steps: dict[str, Callable[[], Outcome[Application]]] = {
            "submitted": lambda: self.grants.run(Score(app_id, scores={"effekt": 3, "samarbeid": 4}, comment=""),
                                                 actor=ASSESSOR_ACTOR),
            "under_review": lambda: self.grants.run(Prioritise(app_id, rank=1, recommended_amount=app.requested_amount),
                                                    actor=ASSESSOR_ACTOR),
            "prioritised": lambda: self.grants.run(Approve(app_id, amount=min(amount, app.requested_amount),
                                                           conditions="", decision_ref="KU"),
                                                   actor=COMMITTEE_ACTOR),
            "approved": lambda: self.grants.run(Disburse(app_id,
                                                         amount=min(amount, app.granted_amount - app.paid_amount),
                                                         payment_reference=f"UTB-A{app.version}"),
                                                actor=person),
        }
        if app.status in steps:
            self._apply(app_id, steps[app.status])
        self._accept_and_agree(app_id, accept=data.draw(st.integers(0, 3), label="accept") > 0)

    def _accept_and_agree(self, app_id: UUID, accept: bool = True) -> None:
        """After an approval the recipient answers (mostly accepting) and, once accepted,
        the agreement is registered."""
        if self.seen[app_id].status == "approved" and self.seen[app_id].grant_answer is None:
            self._apply(app_id, lambda: self.grants.run(AnswerGrant(app_id, accept=accept, reason="Styret sa nei"),
                                                        actor=APPLICANT_ACTOR))
        if self.seen[app_id].status == "approved" and self.seen[app_id].agreement is None:
            self._register_agreement(app_id)

    @rule(requested=amounts)
    def submit(self, requested: Decimal) -> None:
        app = self.world.submitted(requested_amount=requested)
        self.seen[app.id] = app

    @rule(data=st.data(), assessor=st.sampled_from([ASSESSOR_ACTOR, ASSESSOR_2]), scores=st.tuples(
        st.integers(0, 5), st.integers(0, 5)))
    def score(self, data: st.DataObject, assessor: Actor, scores: tuple[int, int]) -> None:
        app_id = self._pick(data, "submitted", "under_review")
        self._apply(app_id, lambda: self.grants.run(Score(app_id, scores={"effekt": scores[0], "samarbeid": scores[1]},
                                                          comment=""),
                                                    actor=assessor))

    @rule(data=st.data(), rank=st.integers(1, 5), amount=amounts)
    def prioritise(self, data: st.DataObject, rank: int, amount: Decimal) -> None:
        app_id = self._pick(data, "under_review")
        self._apply(app_id, lambda: self.grants.run(Prioritise(app_id, rank=rank, recommended_amount=amount),
                                                    actor=ASSESSOR_ACTOR))

    @rule(data=st.data(), amount=amounts, answer=st.sampled_from([None, True, False]))
    def approve(self, data: st.DataObject, amount: Decimal, answer: bool | None) -> None:
        """Approve; the recipient may answer at once (accept or decline) or later (`answer`)."""
        app_id = self._pick(data, "prioritised")
        self._apply(app_id, lambda: self.grants.run(Approve(app_id, amount=amount, conditions="", decision_ref="KU"),
                                                    actor=COMMITTEE_ACTOR))
        if answer is not None and self.seen[app_id].status == "approved":
            self._apply(app_id, lambda: self.grants.run(AnswerGrant(app_id, accept=answer, reason="Styret sa nei"),
                                                        actor=APPLICANT_ACTOR))

    @rule(data=st.data(), accept=st.booleans())
    def answer(self, data: st.DataObject, accept: bool) -> None:
        app_id = self._pick(data, "approved")
        self._apply(app_id, lambda: self.grants.run(AnswerGrant(app_id, accept=accept, reason="Styret sa nei"),
                                                    actor=APPLICANT_ACTOR))
        self._accept_and_agree(app_id)

    def _register_agreement(self, app_id: UUID) -> None:
        self._apply(app_id, lambda: self.grants.run(RegisterAgreement(app_id, signed_on=self.grants.clock().date(),
                                                                      parties=[BODO.org_no, NLSH.org_no],
                                                                      document_ref="Avtale",
                                                                      patient_responsibility="HF"),
                                                    actor=ASSESSOR_ACTOR))

    @rule(data=st.data())
    def reject(self, data: st.DataObject) -> None:
        app_id = self._pick(data, "submitted", "under_review", "prioritised")
        reject = Reject(app_id, reasons="Lavere prioritert", decision_ref=f"KU-sak {app_id}")
        self._apply(app_id, lambda: self.grants.run(reject, actor=COMMITTEE_ACTOR))

    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        app_id = self._pick(data, "submitted", "under_review", "prioritised")
        self._apply(app_id, lambda: self.grants.run(Withdraw(app_id, reason="Trukket"), actor=APPLICANT_ACTOR))

    @rule(data=st.data(), amount=amounts, person=finance_people, repeat=st.booleans())
    def disburse(self, data: st.DataObject, amount: Decimal, person: Actor, repeat: bool) -> None:
        app_id = self._pick(data, "approved")
        if not repeat:
            self.payments += 1
        reference = f"UTB-{self.payments}"
        self._apply(app_id, lambda: self.grants.run(Disburse(app_id, amount=amount, payment_reference=reference),
                                                    actor=person))

    @rule(data=st.data(), amount=amounts)
    def reclaim(self, data: st.DataObject, amount: Decimal) -> None:
        """Refused (not heard) unless notice was given and answered, or its date passed."""
        app_id = self._pick(data, "approved", "paid")
        due = self.grants.clock().date() + timedelta(days=30)
        self._apply(app_id, lambda: self.grants.run(Reclaim(app_id, amount=amount, reason="Ubrukte midler", due_on=due),
                                                    actor=FINANCE_ACTOR))

    @rule(data=st.data(), amount=amounts, repeat=st.booleans())
    def repay(self, data: st.DataObject, amount: Decimal, repeat: bool) -> None:
        """Money claimed back arrives; the same reference again changes nothing."""
        app_id = self._pick(data, "approved", "paid", "closed")
        owed = self.seen[app_id].reclaimed_amount - self.seen[app_id].repaid_amount
        if not repeat:
            self.repayments += 1
        reference = f"INN-{self.repayments}"
        event("repayment tried" if owed > ZERO else "nothing owed")
        self._apply(app_id, lambda: self.grants.run(RecordRepayment(app_id, amount=min(amount, owed) or amount,
                                                                    received_on=self.grants.clock().date(),
                                                                    reference=reference),
                                                    actor=FINANCE_ACTOR))

    @rule(data=st.data(), intent=st.sampled_from(["reclaim", "close"]), answer=st.booleans())
    def give_notice(self, data: st.DataObject, intent: str, answer: bool) -> None:
        """Finance gives notice before a reclaim or a closing; the parties may answer."""
        app_id = self._pick(data, "approved", "paid")
        comment_by = self.grants.clock().date() + timedelta(days=7)
        self._apply(app_id, lambda: self.grants.run(GiveNotice(app_id, intent=intent, text="Varsel",
                                                               comment_by=comment_by), actor=FINANCE_ACTOR))
        if answer:
            self._apply(app_id, lambda: self.grants.run(AnswerNotice(app_id, answer="Ingen merknader"),
                                                        actor=APPLICANT_ACTOR))

    @rule(data=st.data(), amount=amounts, forward=st.booleans())
    def complain(self, data: st.DataObject, amount: Decimal, forward: bool) -> None:
        """A party complains; the body reverses, or forwards and the klageinstans reverses:
        either way the pool reserves what is granted besides, or the reversal is refused."""
        app_id = self._pick(data, "rejected", "approved", "paid")
        today = self.grants.clock().date()
        self._apply(app_id, lambda: self.grants.run(LodgeComplaint(app_id, text="Klage", received_on=today),
                                                    actor=APPLICANT_ACTOR))
        app = self.seen[app_id]
        before = ZERO if app.status == "rejected" else app.granted_amount or ZERO
        raised = min(app.requested_amount, before + amount)
        if forward:
            self._apply(app_id, lambda: self.grants.run(ForwardComplaint(app_id, statement="Fastholdes"),
                                                        actor=COMMITTEE_ACTOR))
            self._apply(app_id, lambda: self.grants.run(RecordAppealDecision(
                app_id, outcome="reversed", reasons="Omgjort", decision_ref="HOD", amount=raised),
                actor=COMMITTEE_ACTOR))
        else:
            self._apply(app_id, lambda: self.grants.run(ReverseDecision(
                app_id, amount=raised, decision_ref="KU-omgjort", reasons="Omgjort"), actor=COMMITTEE_ACTOR))
        if self.seen[app_id].complaints:
            event(f"complaint: {self.seen[app_id].complaints[-1].status}")

    @invariant()
    def money_adds_up(self) -> None:
        pool = self.grants.get_pool(self.world.pool_id)
        assert pool.reserved + pool.paid - pool.returned <= pool.total
        assert pool.remaining >= ZERO
        granted_total = repaid_total = ZERO
        for app in self.seen.values():
            granted = ZERO if app.status == "declined" else app.granted_amount or ZERO
            granted_total += granted
            repaid_total += app.repaid_amount
            assert app.paid_amount - app.reclaimed_amount <= granted
            assert app.paid_amount <= granted
            assert ZERO <= app.repaid_amount <= app.reclaimed_amount
        assert pool.reserved + pool.paid == granted_total
        # what comes back to the pool is what was received, never what was only claimed
        assert pool.returned == repaid_total

    @invariant()
    def the_store_gives_back_the_same_state(self) -> None:
        for app_id, app in self.seen.items():
            assert self.grants.get_application(app_id) == app

    def teardown(self) -> None:
        self.grants.close()
        self.folder.cleanup()


GrantLifecycle.TestCase.settings = settings(
    max_examples=80, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
test_grant_lifecycle = GrantLifecycle.TestCase
test_grant_lifecycle.pytestmark = [pytest.mark.slow]

