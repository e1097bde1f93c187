"""Bad input through the services: each guard raises its named error and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from application.service import Grants
from domain import errors
from domain.commands import (
    Amend,
    Approve,
    Close,
    Disburse,
    Prioritise,
    Reclaim,
    RegisterAgreement,
    Reject,
    Score,
    Screen,
    Submit,
    Withdraw,
)
from domain.values import Actor, Criterion, Owner
from workloads.builders import (
    APPLICANT_ACTOR,
    ASSESSOR_ACTOR,
    COMMITTEE_ACTOR,
    COMMITTEE_BODO,
    CRITERIA,
    FINANCE_ACTOR,
    NLSH,
    NORD,
    OTHER_APPLICANT,
    World,
    content,
)

Command = Callable[[Grants, World], Any]
AFTER_DEADLINE = datetime(2025, 3, 2, 12, tzinfo=UTC)


CASES: list[tuple[str, Command, type[Exception]]] = [
    ("pool with a negative amount", lambda g, w: g.open_pool(NORD, name="P", fiscal_years=[2025], amount="-1",
                                                             actor=FINANCE_ACTOR),
     errors.InvalidAmount),
    ("pool amount as float", lambda g, w: g.open_pool(NORD, name="P", fiscal_years=[2025], amount=1.5,
                                                      actor=FINANCE_ACTOR), errors.InvalidAmount),
    ("pool by a committee", lambda g, w: g.open_pool(NORD, name="P", fiscal_years=[2025], amount="1",
                                                     actor=COMMITTEE_ACTOR), errors.NotPermitted),
    ("pool owner kind", lambda g, w: g.open_pool(Owner("x", "X", "county"), name="P", fiscal_years=[2025], amount="1",
                                                 actor=FINANCE_ACTOR),
     errors.InvalidInput),
    ("increase unknown pool", lambda g, w: g.increase_pool(uuid4(), amount="1", reason="RNB",
                                                           actor=FINANCE_ACTOR), errors.NotFound),
    ("increase without reason", lambda g, w: g.increase_pool(w.pool_id, amount="1", reason="", actor=FINANCE_ACTOR),
     errors.InvalidInput),
    ("round for unknown pool", lambda g, w: g.open_round(uuid4(), title="R", deadline=date(2025, 3, 1),
                                                         criteria=CRITERIA, requires_own_contribution=True,
                                                         actor=FINANCE_ACTOR), errors.NotFound),
    ("round without criteria", lambda g, w: g.open_round(w.pool_id, title="R", deadline=date(2025, 3, 1), criteria=[],
                                                         requires_own_contribution=True, actor=FINANCE_ACTOR),
     errors.InvalidInput),
    ("round with zero weight", lambda g, w: g.open_round(w.pool_id, title="R", deadline=date(2025, 3, 1),
                                                         criteria=[Criterion("a", "A", Decimal(0))],
                                                         requires_own_contribution=True, actor=FINANCE_ACTOR),
     errors.InvalidInput),
    ("round closed twice", lambda g, w: (g.close_round(w.round_id, actor=FINANCE_ACTOR),
                                         g.close_round(w.round_id, actor=FINANCE_ACTOR)), errors.WrongStatus),
    ("submit to a closed round", lambda g, w: (g.close_round(w.round_id, actor=FINANCE_ACTOR),
                                               g.run(Submit(w.round_id, content()), actor=APPLICANT_ACTOR)),
     errors.RoundClosed),
    ("submit after the deadline", lambda g, w: (w.round_id, w.clock.set(AFTER_DEADLINE),
                                                g.run(Submit(w.round_id, content()), actor=APPLICANT_ACTOR)),
     errors.DeadlinePassed),
    ("submit for another organisation", lambda g, w: g.run(Submit(w.round_id, content()), actor=OTHER_APPLICANT),
     errors.NotPermitted),
    ("submit with invalid org number", lambda g, w: g.run(
        Submit(w.round_id, content(partners=[NLSH.__class__("983974898", "X", "hospital_trust")])),
        actor=APPLICANT_ACTOR), errors.InvalidOrganisationNumber),
    ("submit without own contribution", lambda g, w: g.run(Submit(w.round_id, content(own_contribution=Decimal(0))),
                                                           actor=APPLICANT_ACTOR), errors.InvalidAmount),
    ("submit to unknown round", lambda g, w: g.run(Submit(uuid4(), content()), actor=APPLICANT_ACTOR),
     errors.NotFound),
    ("amend after the deadline", lambda g, w: (lambda a: (w.clock.set(AFTER_DEADLINE), g.run(
        Amend(a.id, changes={"title": "Ny"}), actor=APPLICANT_ACTOR)))(w.submitted()), errors.DeadlinePassed),
    ("withdraw someone else's", lambda g, w: g.run(Withdraw(w.submitted().id, reason="x"), actor=OTHER_APPLICANT),
     errors.NotPermitted),
    ("unknown application", lambda g, w: g.run(Screen(uuid4(), eligible=True, reason="x"),
                                               actor=ASSESSOR_ACTOR), errors.NotFound),
    ("malformed id", lambda g, w: g.run(Screen("not-a-uuid", eligible=True, reason="x"),
                                        actor=ASSESSOR_ACTOR), errors.NotFound),
    ("a pool's id is not an application", lambda g, w: g.run(Screen(w.pool_id, eligible=True, reason="x"),
                                                             actor=ASSESSOR_ACTOR),
     errors.NotFound),
    ("score twice", lambda g, w: g.run(Score(w.scored().id, scores={"effekt": 1, "samarbeid": 1}, comment=""),
                                       actor=ASSESSOR_ACTOR), errors.AlreadyScored),
    ("score out of range", lambda g, w: g.run(Score(w.submitted().id, scores={"effekt": 9, "samarbeid": 1}, comment=""),
                                              actor=ASSESSOR_ACTOR), errors.InvalidInput),
    ("prioritise unscored", lambda g, w: g.run(Prioritise(w.submitted().id, rank=1, recommended_amount="1"),
                                               actor=ASSESSOR_ACTOR),
     errors.WrongStatus),
    ("approve unprioritised", lambda g, w: g.run(Approve(w.scored().id, amount="1", conditions="", decision_ref="KU"),
                                                 actor=COMMITTEE_ACTOR),
     errors.WrongStatus),
    ("approve more than requested", lambda g, w: g.run(Approve(w.prioritised().id, amount="1000000.01", conditions="",
                                                               decision_ref="KU"),
                                                       actor=COMMITTEE_ACTOR), errors.OverGranted),
    ("approve more than the pool holds", lambda g, w: g.run(
        Approve(w.prioritised(requested_amount=Decimal(20000000), amount="20000000").id, amount="20000000",
                conditions="", decision_ref="KU"), actor=COMMITTEE_ACTOR), errors.InsufficientFunds),
    ("approve with a conflict of interest", lambda g, w: g.run(Approve(w.prioritised().id, amount="1", conditions="",
                                                                       decision_ref="KU"),
                                                               actor=COMMITTEE_BODO), errors.ConflictOfInterest),
    ("approve by the assessor", lambda g, w: g.run(Approve(w.prioritised().id, amount="1", conditions="",
                                                           decision_ref="KU"),
                                                   actor=Actor(ASSESSOR_ACTOR.id, "Ragnhild", "committee")),
     errors.SeparationOfDuties),
    ("approve twice", lambda g, w: g.run(Approve(w.approved().id, amount="1", conditions="", decision_ref="KU"),
                                         actor=COMMITTEE_ACTOR),
     errors.WrongStatus),
    ("reject without reasons", lambda g, w: g.run(Reject(w.prioritised().id, reasons=" ", decision_ref="KU-sak 3/2025"),
                                                        actor=COMMITTEE_ACTOR),
     errors.InvalidInput),
    ("disburse before acceptance", lambda g, w: g.run(Disburse(w.approved().id, amount="1", payment_reference="P"),
                                                      actor=FINANCE_ACTOR),
     errors.NotAccepted),
    ("disburse without agreement", lambda g, w: g.run(Disburse(w.accepted().id, amount="1", payment_reference="P"),
                                                      actor=FINANCE_ACTOR),
     errors.AgreementMissing),
    ("disburse over granted", lambda g, w: g.run(Disburse(w.agreed().id, amount="1000000.01", payment_reference="P"),
                                                 actor=FINANCE_ACTOR),
     errors.OverGranted),
    ("disburse by the approver", lambda g, w: g.run(Disburse(w.agreed().id, amount="1", payment_reference="P"),
                                                    actor=Actor(COMMITTEE_ACTOR.id, "Anita",
                                                                "finance")), errors.SeparationOfDuties),
    ("payment reference reused", lambda g, w: (lambda a: (g.run(Disburse(a.id, amount="1", payment_reference="P"),
                                                                actor=FINANCE_ACTOR),
                                                          g.run(Disburse(a.id, amount="2", payment_reference="P"),
                                                                actor=FINANCE_ACTOR)))(w.agreed()),
     errors.PaymentReferenceReused),
    ("reclaim more than paid", lambda g, w: g.run(Reclaim(w.heard(w.paid().id).id, amount="1000000.01", reason="x",
                                                          due_on=date(2025, 12, 31)),
                                                  actor=FINANCE_ACTOR),
     errors.OverGranted),
    ("agreement without the applicant", lambda g, w: g.run(RegisterAgreement(w.approved().id,
                                                                             signed_on=date(2025, 1, 2),
                                                                             parties=[NLSH.org_no, "940101808"],
                                                                             document_ref="A",
                                                                             patient_responsibility="HF"),
                                                           actor=ASSESSOR_ACTOR),
     errors.AgreementParties),
    ("close an undecided application", lambda g, w: g.run(Close(w.prioritised().id, reason="x"), actor=FINANCE_ACTOR),
     errors.WrongStatus),
    ("revoke an unknown token", lambda g, w: g.revoke_token("tsk_unknown", Actor("op", "Op", "admin")),
     errors.NotFound),
    ("token without org for an applicant", lambda g, w: g.issue_token("applicant", Actor("op", "Op", "admin")),
     errors.InvalidInput),
    ("token issued by a non-admin", lambda g, w: g.issue_token("auditor", FINANCE_ACTOR), errors.NotPermitted),
]


@pytest.mark.parametrize(("case", "command", "error"), CASES, ids=[c[0] for c in CASES])
def test_refused_commands_store_nothing(grants: Grants, world: World, case: str, command: Command,
                                        error: type[Exception]) -> None:
    # set up what the case needs (pool and round), then count what the store holds
    _ = world.round_id
    stored = _StoreCounter(grants)
    with pytest.raises(error):
        command(grants, world)
    # whatever the case set up along the way was stored; the refused command added nothing
    assert stored.last_command_added_nothing()


class _StoreCounter:
    """Records the log's length before each save, so the refused (last) command can be checked."""

    def __init__(self, grants: Grants) -> None:
        self.grants = grants
        self.after_last_save = grants.recorder.max_notification_id() or 0
        original = grants._save

        def counting_save(*aggregates: Any) -> int:
            position = original(*aggregates)
            self.after_last_save = position
            return position

        grants._save = counting_save  # type: ignore[method-assign]

    def last_command_added_nothing(self) -> bool:
        return (self.grants.recorder.max_notification_id() or 0) == self.after_last_save


def test_a_refused_approval_leaves_both_application_and_pool_untouched(grants: Grants, world: World) -> None:
    big = world.prioritised(requested_amount=Decimal(20000000), amount="20000000")
    pool_before, app_before = grants.get_pool(world.pool_id), grants.get_application(big.id)
    with pytest.raises(errors.InsufficientFunds):
        grants.run(Approve(big.id, amount="20000000", conditions="", decision_ref="KU"), actor=COMMITTEE_ACTOR)
    assert grants.get_pool(world.pool_id) == pool_before
    assert grants.get_application(big.id) == app_before
