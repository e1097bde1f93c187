"""The last look before money moves. A grant or a payment typed on a page is first
shown back as one sentence — the amount in kroner and who receives it, by name — and
is carried out only when the person confirms. The confirmation sends the same fields
with the same form key, so confirming twice records the command once; going back
instead records nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from flask import render_template, request

from web.pages.present import nok

#: The field the confirmation adds to the fields first sent.
CONFIRMED: Final = "bekreftet"
#: The forms on an application's page that move money (`web.pages.actions`).
MONEY_FORMS: Final = frozenset({"innvilg", "utbetal"})


@dataclass(frozen=True)
class MoneyLine:
    """One sum of money about to move: to whom, how much, for which case."""

    reference: str
    title: str
    recipient: str
    org_no: str
    amount: Decimal


def confirmed() -> bool:
    """Whether this post is the person's confirmation (not the first send)."""
    return request.form.get(CONFIRMED) == "ja"


def line_of(app: Mapping[str, Any], amount: Decimal) -> MoneyLine:
    """The money line for an application's document and an amount."""
    return MoneyLine(app["reference"], app["title"], app["applicant"]["name"], app["applicant"]["org_no"], amount)


def payment_sentence(line: MoneyLine, payment_reference: str) -> str:
    """`Du betaler kr 300 000 til Bodø kommune (org.nr. …) for RST-…, betalingsreferanse UTB-….`"""
    return (f"Du betaler {nok(line.amount)} til {line.recipient} (org.nr. {line.org_no}) for {line.reference} "
            f"«{line.title}», betalingsreferanse {payment_reference}.")


def grant_sentence(lines: list[MoneyLine], decision_ref: str) -> str:
    """`Du innvilger kr 400 000 til Bodø kommune for RST-… «…», vedtak KU-sak 1/2025.`
    For several: the total and the number of grants; each line follows in a list."""
    if len(lines) == 1:
        line = lines[0]
        return (f"Du innvilger {nok(line.amount)} til {line.recipient} (org.nr. {line.org_no}) for {line.reference} "
                f"«{line.title}», vedtak {decision_ref}.")
    total = sum((line.amount for line in lines), Decimal(0))
    return f"Du innvilger {len(lines)} søknader, til sammen {nok(total)}, vedtak {decision_ref}:"


def confirmation_page(*, title: str, sentence: str, lines: list[MoneyLine], action: str, back: str,
                      button: str, warning: str | None = None) -> str:
    """The page that states the money and asks for a confirmation: every field first
    sent comes again (hidden), with `bekreftet=ja`."""
    sent = [(name, value) for name in request.form if name != "csrf_token"
            for value in request.form.getlist(name) if name != CONFIRMED]
    return render_template("confirm.html", title=title, sentence=sentence, lines=lines if len(lines) > 1 else [],
                           action=action, back=back, button=button, sent=sent, warning=warning)


def beyond_pool(lines: list[MoneyLine], remaining: Decimal) -> str | None:
    """A warning when the grants together exceed what is left in the pool."""
    total = sum((line.amount for line in lines), Decimal(0))
    if total <= remaining:
        return None
    return (f"Potten har {nok(remaining)} igjen, mindre enn {nok(total)} til sammen. Søknadene behandles i "
            f"prioritert rekkefølge, og behandlingen stopper ved den første som ikke får plass.")
