"""Membership: a role held with a scope — the unit a token or a page session acts through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from uuid import NAMESPACE_URL, uuid5

from domain import text
from domain.errors import InvalidInput
from domain.orgno import require_org_no
from domain.text import require_text
from domain.values import APPLICANT, ASSESSOR, AUDITOR, COMMITTEE, FINANCE, ROLES

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:person")
#: An owner scope that spans every owner (operators' finance/committee, or an auditor of all).
ALL_OWNERS: Final = "all"


@dataclass(frozen=True)
class Membership:
    """A role held with a scope: the applicant's organisation (`org_no`), an assessor's
    health community, a finance officer's, committee member's or auditor's owner
    (`ALL_OWNERS` for every owner), and the employer of a case worker, for conflicts
    of interest."""

    id: str
    role: str
    org_no: str | None = None
    community_id: str | None = None
    owner_id: str | None = None
    employer_org_no: str | None = None

    @classmethod
    def of(cls, role: str, org_no: str | None = None, community_id: str | None = None,
           owner_id: str | None = None, employer_org_no: str | None = None) -> Membership:
        """A checked membership; its id follows from role and scope, so granting the same
        membership twice is the same membership."""
        if role not in ROLES:
            raise InvalidInput("role", f"must be one of {', '.join(ROLES)}")
        org = None if org_no is None else require_org_no(org_no, "org_no")
        community = None if community_id is None else require_text(community_id, "community_id", text.ID)
        owner = None if owner_id is None else require_text(owner_id, "owner_id", text.ID)
        employer = None if employer_org_no is None else require_org_no(employer_org_no, "employer_org_no")
        _check_scope(role, org, community, owner)
        key = "|".join(str(part) for part in (role, org, community, owner, employer))
        return cls(str(uuid5(_NAMESPACE, key)), role, org, community, owner, employer)

    @property
    def scope(self) -> str:
        """The scope as people read it: an organisation number, a community, an owner."""
        return self.org_no or self.community_id or self.owner_id or "alt"


def _check_scope(role: str, org_no: str | None, community_id: str | None, owner_id: str | None) -> None:
    needs: dict[str, tuple[str, str | None, str]] = {
        APPLICANT: ("org_no", org_no, "the organisation number (--org)"),
        ASSESSOR: ("community_id", community_id, "the health community (--community)"),
        FINANCE: ("owner_id", owner_id, "the owner (--owner, or 'all')"),
        COMMITTEE: ("owner_id", owner_id, "the owner (--owner, or 'all')"),
    }
    if role in needs and needs[role][1] is None:
        raise InvalidInput(needs[role][0], f"a {role} membership needs {needs[role][2]}")
    wrong = {"org_no": org_no if role != APPLICANT else None,
             "community_id": community_id if role != ASSESSOR else None,
             "owner_id": owner_id if role not in (FINANCE, COMMITTEE, AUDITOR) else None}
    for field, value in wrong.items():
        if value is not None:
            raise InvalidInput(field, f"a {role} membership has no {field}")
