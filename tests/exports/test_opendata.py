"""The 360Giving export of the demo data: valid against the official 1.4.3 schema, one
grant per approved application with the right amounts and transactions, and no
personal data."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from sqlalchemy import select

from tests.exports.support import Demo

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "360giving"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    """The package schema with the grant schema in one registry. The package file of
    1.4.3 refers to the grant schema by its 1.4.2 address; the grant schema we have is
    1.4.3, so it is registered under both addresses."""
    if not SCHEMAS.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: the 360Giving schemas must be at {SCHEMAS}")
        pytest.skip(f"the 360Giving schemas are not at {SCHEMAS}")
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    referred = package["properties"]["grants"]["items"]["$ref"]
    registry: Registry[Any] = Registry().with_resources([
        (package["$id"], DRAFT202012.create_resource(package)),
        (grant["$id"], DRAFT202012.create_resource(grant)),
        (referred, DRAFT202012.create_resource(grant)),
    ])
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def _export(demo: Demo) -> tuple[bytes, dict[str, Any]]:
    response = demo.get("/api/v1/exports/360giving.json", who=None)
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "application/json"
    body = response.get_data()
    return body, json.loads(body, parse_float=Decimal)


def _documents(demo: Demo) -> list[dict[str, Any]]:
    table = demo.models.applications.applications
    with demo.models.engine.connect() as connection:
        return list(connection.execute(select(table.c.document)).scalars())


def test_the_demo_export_validates_against_the_official_schema(demo: Demo, validator: Draft202012Validator) -> None:
    _, package = _export(demo)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]
    assert errors == []
    # the grant schema is really applied: a grant without its award, or a date in the
    # Norwegian way, is refused
    grant = package["grants"][0]
    for broken in ({k: v for k, v in grant.items() if k != "amountAwarded"}, {**grant, "awardDate": "17.12.2024"},
                   {**grant, "recipientOrganization": [{"name": "Uten id"}]}):
        assert list(validator.iter_errors({**package, "grants": [broken]}))


def test_one_grant_per_approved_application_with_its_amounts_and_transactions(demo: Demo) -> None:
    _, package = _export(demo)
    approved = {d["reference"]: d for d in _documents(demo)
                if d["granted_amount"] is not None and d["status"] != "declined"}  # a declined grant was never taken
    awards = [g for g in package["grants"] if "regrantType" not in g]
    grants = {g["id"].removeprefix("360G-tilskudd-"): g for g in awards}
    assert set(grants) == set(approved) and len(awards) == len(approved) > 10
    # each allocation to a health community is one grant too, marked as a regrant (counted once)
    regrants = [g for g in package["grants"] if g.get("regrantType") == "FRG010"]
    # Helse Nord's 40 MNOK of 2024, Helse Midt's 16.2 MNOK of 2025 and of 2026
    assert len(regrants) == 7 and sum(g["amountAwarded"] for g in regrants) == Decimal("72400000.00")
    for reference, grant in grants.items():
        document = approved[reference]
        assert grant["amountAppliedFor"] == Decimal(document["requested_amount"])
        assert grant["amountAwarded"] == Decimal(document["granted_amount"])
        paid, reclaimed = Decimal(document["paid_amount"]), Decimal(document.get("repaid_amount",
                                                                                 document["reclaimed_amount"]))
        assert grant["amountDisbursed"] == paid - reclaimed
        assert sum(t["value"] for t in grant["disbursementTransaction"]) == paid - reclaimed
        released = Decimal(document["granted_amount"]) - paid if document["status"] == "closed" else Decimal(0)
        assert sum(t["value"] for t in grant["commitmentTransaction"]) == grant["amountAwarded"] - released
        assert grant["recipientOrganization"] == [{"id": f"NO-BRC-{document['applicant']['org_no']}",
                                                   "name": document["applicant"]["name"]}]
        assert grant["beneficiaryLocation"][0]["name"] == document["health_community"]["name"]
        assert [c["code"] for c in grant["classifications"]] == document["priority_groups"]
        assert grant["awardDate"][:10] <= grant["dateModified"][:10]
        assert all(t["transactionDate"] >= grant["awardDate"] for t in grant["disbursementTransaction"])
    funders = {g["fundingOrganization"][0]["name"]: g["fundingOrganization"][0]["id"] for g in package["grants"]}
    assert funders["Helse Nord RHF"] == "NO-BRC-883658752"
    assert any(t["value"] < 0 for g in package["grants"] for t in g["disbursementTransaction"])  # the reclaim
    assert any(t["value"] < 0 for g in package["grants"] for t in g["commitmentTransaction"])  # a release


def test_no_personal_data_appears(demo: Demo) -> None:
    body, _ = _export(demo)
    text = body.decode("utf-8")
    contacts = [d["contact"] for d in _documents(demo) if d["contact"]]
    assert contacts
    for contact in contacts:
        assert contact["name"] not in text and contact["email"] not in text
    audit = demo.models.audit.events
    with demo.models.engine.connect() as connection:
        people = set(connection.execute(select(audit.c.actor_name).where(audit.c.role != "system")).scalars())
    assert people
    for person in people:
        assert person not in text
    assert "@" not in text


def test_the_amounts_are_exact_json_numbers(demo: Demo) -> None:
    body, _ = _export(demo)
    assert b'"amountAwarded": 1620000.00' in body  # written from Decimal, never through float
    assert b'"amountAwarded": "' not in body
