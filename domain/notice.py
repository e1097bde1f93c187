"""Notices before a burdensome decision (*forhåndsvarsel*, forvaltningsloven § 16), as
values: what is intended, why, and the date to comment by; the party's answer; and
whether the decision it announced has been made. `domain.hearing` records them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Final

#: What a notice may announce: a claim for repayment, or closing with less paid than granted.
RECLAIM, CLOSE = "reclaim", "close"
INTENTS: Final = {RECLAIM: "krav om tilbakebetaling", CLOSE: "avslutning med mindre utbetalt enn innvilget"}


@dataclass(frozen=True)
class Notice:
    """One notice to the party, its answer once given, and whether the decision it
    announced has been made (`acted`)."""

    id: str
    intent: str
    text: str
    amount: Decimal | None
    comment_by: date
    given_at: datetime
    answer: str | None = None
    answered_at: datetime | None = None
    acted: bool = False

    def heard(self, today: date) -> bool:
        """Whether the party has had its say: it answered, or the comment date has passed."""
        return self.answer is not None or today > self.comment_by

    @property
    def intent_label(self) -> str:
        """What it announces, in bokmål."""
        return INTENTS[self.intent]


def open_notice(notices: tuple[Notice, ...], intent: str) -> Notice | None:
    """The latest notice of `intent` whose decision has not been made, or None."""
    return next((n for n in reversed(notices) if n.intent == intent and not n.acted), None)


def acted_on(notices: tuple[Notice, ...], intent: str) -> tuple[Notice, ...]:
    """The notices with the open one of `intent` marked as used by its decision."""
    current = open_notice(notices, intent)
    return tuple(replace(n, acted=True) if n is current else n for n in notices)


def awaiting_answer(notices: tuple[Notice, ...]) -> Notice | None:
    """The latest notice whose decision is not made and which the party has not answered."""
    return next((n for n in reversed(notices) if not n.acted and n.answer is None), None)
