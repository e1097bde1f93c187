"""Impartiality (forvaltningsloven §§ 6–10): no one prepares or decides a case in which
they or their organisation is a party. It is the person who is disqualified, across
every membership they hold — an applicant's organisation, a member's employer — not
the membership they happen to act through; and whoever submitted an application never
handles it. The guards on the application (`ApplicationState.check_impartial`) and the
pages that show a conflict before anyone tries both ask `tie_of`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.values import Actor, Organisation


@dataclass(frozen=True)
class Tie:
    """What disqualifies a person from a case: they submitted it (`org_no` None), or they
    belong to an organisation that applies or partners in it."""

    person: str
    reference: str
    org_no: str | None = None
    org_name: str | None = None

    @property
    def submitted(self) -> bool:
        """The person submitted the application themselves."""
        return self.org_no is None

    def __str__(self) -> str:
        if self.org_no is None:
            return f"{self.person} submitted {self.reference} and may not handle it (forvaltningsloven § 6)"
        return (f"{self.person} belongs to {self.org_name} ({self.org_no}), a party to {self.reference} "
                f"(forvaltningsloven § 6)")


def tie_of(actor: Actor, reference: str, parties: Iterable[Organisation], submitted_by: str | None) -> Tie | None:
    """What ties the person to the case — they submitted it, or one of their
    organisations (in any membership) is a party — or None when nothing does."""
    if submitted_by is not None and actor.id == submitted_by:
        return Tie(actor.name, reference)
    mine = actor.organisations
    for party in parties:
        if party.org_no in mine:
            return Tie(actor.name, reference, party.org_no, party.name)
    return None
