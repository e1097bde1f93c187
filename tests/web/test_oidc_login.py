"""Logging in to the pages through a real OpenID Connect provider (the oidc-provider-mock
package, as its own process) in Debian's chromium, against `grants serve --workers 2` on
PostgreSQL: land on the page of one's membership, switch membership, log out (the old
cookie no longer works); a revoked membership's session is refused at once, in every
worker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests

from application.service import Grants
from domain.membership import Membership
from tests.web.browsing import AXE, CHROMIUM, need, need_chromium, too_wide, violations
from tests.web.support import ISSUER
from workloads.builders import LVS, NORD, register_organisations
from workloads.servers import free_ports, grants_serve, process

PER = {"sub": "per-probe", "email": "per.probe@example.no", "email_verified": True, "name": "Per Probe"}


@contextmanager
def provider_and_server(postgres_url: str, claims: dict[str, Any], *serve_args: str) -> Iterator[str]:
    """The OpenID Connect provider (its one user with `claims`) and `grants serve` logging
    in through it, each as its own process; the server's address."""
    provider_port, port = free_ports(2)
    issuer = f"http://127.0.0.1:{provider_port}"
    provider = ["-m", "oidc_provider_mock", "--port", str(provider_port), "--user-claims", json.dumps(claims)]
    env = {"GRANTS_OIDC_ISSUER": issuer, "GRANTS_OIDC_CLIENT_ID": "tilskudd", "GRANTS_OIDC_CLIENT_SECRET": "hemmelig",
           "GRANTS_DEV_LOGIN": "0"}
    with process(provider, ready_url=f"{issuer}/.well-known/openid-configuration"), \
            grants_serve(postgres_url, port, *serve_args, env=env):
        yield f"http://127.0.0.1:{port}"


@pytest.mark.slow
@pytest.mark.postgres
def test_a_person_logs_in_through_openid_connect_switches_membership_and_logs_out(postgres_url: str) -> None:
    need_chromium()
    need(AXE, "axe-core from the npm registry (npm ci in .ci/axe)")
    from playwright.sync_api import sync_playwright

    grants = Grants(postgres_url)
    register_organisations(grants)
    person = grants.register_person("Per Probe", PER["email"], ISSUER).value
    finance, assessor = Membership.of("finance", owner_id=NORD.id), Membership.of("assessor", community_id=LVS.id)
    for membership in (finance, assessor):
        grants.grant_membership(person.id, membership, ISSUER)
    with provider_and_server(postgres_url, PER, "--workers", "2") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(locale="nb-NO", bypass_csp=True)  # bypass: to inject axe-core
        page = context.new_page()
        page.goto(url + "/okonomi")
        assert "/logg-inn" in page.url
        fits_and_passes_axe(page)
        assert page.get_by_label("Tilgangsnøkkel").count() == 0  # no token login outside development
        page.get_by_role("link", name="Logg inn med din organisasjons pålogging").click()
        page.get_by_role("button", name=PER["sub"]).click()  # the provider's own page
        assert "/velg-rolle" in page.url  # two memberships: choose
        page.goto(url + "/okonomi")
        assert "/velg-rolle" in page.url  # no page before a role is chosen
        fits_and_passes_axe(page)
        page.get_by_label("økonomi – Helse Nord RHF").check()
        page.get_by_role("button", name="Fortsett").click()
        assert page.url.endswith("/okonomi")
        assert "Per Probe" in page.locator(".who").inner_text()

        page.get_by_role("link", name="Bytt rolle").click()
        page.get_by_label(f"saksbehandler (helsefellesskap) – {LVS.name}").check()
        page.get_by_role("button", name="Fortsett").click()
        assert page.goto(url + "/okonomi").status == 403  # an assessor has no budget page

        cookies = {c["name"]: c["value"] for c in context.cookies()}
        page.get_by_role("button", name="Logg ut").click()
        replayed = requests.get(url + "/okonomi", cookies=cookies, allow_redirects=False, timeout=10)
        assert replayed.status_code == 302 and "/logg-inn" in replayed.headers["Location"]

        page.goto(url + "/okonomi")
        page.get_by_role("link", name="Logg inn med din organisasjons pålogging").click()
        page.get_by_role("button", name=PER["sub"]).click()
        page.get_by_label("økonomi – Helse Nord RHF").check()
        page.get_by_role("button", name="Fortsett").click()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert all(requests.get(url + "/okonomi", cookies=cookies, allow_redirects=False, timeout=10).status_code == 200
                   for _ in range(4))
        token, _ = grants.issue_personal_token(person.id, membership_id=finance.id, name="skript", actor=ISSUER)
        bearer = {"Authorization": f"Bearer {token}"}
        assert requests.get(url + "/api/v1/budget", headers=bearer, timeout=10).status_code == 200
        grants.revoke_membership(person.id, finance.id, ISSUER)
        answers = [requests.get(url + "/okonomi", cookies=cookies, allow_redirects=False, timeout=10).status_code
                   for _ in range(6)]  # spread over both workers
        assert answers == [302] * 6
        assert [requests.get(url + "/api/v1/budget", headers=bearer, timeout=10).status_code
                for _ in range(6)] == [401] * 6
        browser.close()
    grants.close()


def fits_and_passes_axe(page: Any) -> None:
    """The page passes axe-core's WCAG 2.0/2.1 A and AA rules at 1280 px and 390 px, and fits the phone."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == [], page.url
        assert not (width == 390 and too_wide(page)), page.url


@pytest.mark.slow
@pytest.mark.postgres
def test_a_first_login_with_an_unverified_address_is_told_so(postgres_url: str) -> None:
    """A registered person whose provider has not verified the e-mail address is told
    that (not that they are unknown), and no identity is linked."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    unverified = {**PER, "sub": "per-uverifisert", "email_verified": False}
    grants = Grants(postgres_url)
    register_organisations(grants)
    person = grants.register_person("Per Probe", PER["email"], ISSUER).value
    grants.grant_membership(person.id, Membership.of("finance", owner_id=NORD.id), ISSUER)
    with provider_and_server(postgres_url, unverified) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(locale="nb-NO").new_page()
        page.goto(f"{url}/okonomi")
        page.get_by_role("link", name="Logg inn med din organisasjons pålogging").click()
        page.get_by_role("button", name=unverified["sub"]).click()
        said = page.locator("main").inner_text()
        assert "har ikke bekreftet e-postadressen din" in said and "ikke registrert" not in said
        browser.close()
    grants.close()
