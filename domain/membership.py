"""Membership: a role held with a scope — the unit a token or a page session acts through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from uuid import NAMESPACE_URL, uuid5

from domain import text
from domain.errors import InvalidInput
from domain.orgno import require_org_no
from domain.roles import Role
from domain.text import require_text
from domain.values import ROLES

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
    """A membership names what its role is bound to (`Role.scope`) and nothing else."""
    scope = Role(role).scope
    given = {"org_no": org_no, "community_id": community_id, "owner_id": owner_id}
    if scope.required and scope.field is not None and given[scope.field] is None:
        raise InvalidInput(scope.field, f"a {role} membership needs {_NEEDS[scope.field]}")
    for field, value in given.items():
        if value is not None and field != scope.field:
            raise InvalidInput(field, f"a {role} membership has no {field}")


_NEEDS: Final = {"org_no": "the organisation number (--org)", "community_id": "the health community (--community)",
                 "owner_id": "the owner (--owner, or 'all')"}
