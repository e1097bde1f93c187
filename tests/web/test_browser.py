"""The pages in a real browser: Debian's chromium, headless, driven by Playwright (no
browser download). Log in, find an application by reference, see its status; open the
finance page and check that chart and figures are there and agree with the API."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import requests

from tests.conftest import IN_CI
from tests.web.browsing import CHROMIUM, Site


@pytest.fixture(scope="module")
def served(site: Site) -> tuple[str, dict[str, str]]:
    """The demo served (shared with the other browser tests): its address and tokens."""
    return site.url, site.tokens


@pytest.mark.slow
def test_a_person_logs_in_finds_an_application_and_reads_the_budget(served: tuple[str, dict[str, str]]) -> None:
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    url, tokens = served
    auth = {"Authorization": f"Bearer {tokens['finance']}"}
    some = requests.get(url + "/api/v1/applications?status=paid&limit=1", headers=auth, timeout=10).json()["items"][0]
    budget = requests.get(url + "/api/v1/budget", headers=auth, timeout=10).json()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(locale="nb-NO")
        page.goto(url + "/soknader")
        assert "/logg-inn" in page.url  # the status page needs a login
        page.get_by_label("Tilgangsnøkkel").fill(tokens["finance"])
        page.get_by_role("button", name="Logg inn").click()
        page.get_by_label("Søknadsreferanse").fill(some["reference"])
        page.get_by_role("button", name="Vis status").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith(some["reference"])
        assert page.locator("[data-status]").get_attribute("data-status") == "paid"
        assert "Utbetalt" in page.locator(".status").inner_text()
        assert page.locator(".timeline li").count() >= 5

        page.get_by_role("link", name="Økonomi", exact=True).first.click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Økonomi")
        for owner in budget["owners"]:
            oid = owner["owner"]["id"]
            chart = page.locator(f"svg.chart[data-owner='{oid}']")
            assert chart.count() == 1 and chart.get_attribute("role") == "img"
            drawn = {r.get_attribute("data-label"): r.get_attribute("data-amount")
                     for r in chart.locator("rect[data-label]").all()}
            rolled = owner["rolled_up"]  # the chart: the owner with the communities it allocated to
            expected = {"Utbetalt": rolled["paid"], "Reservert": rolled["reserved"], "Gjenstår": rolled["remaining"]}
            assert drawn == {k: v for k, v in expected.items() if v != "0.00"}
            figures = page.locator(f"table[data-owner='{oid}'] tfoot")
            for name in ("total", "reserved", "paid", "remaining"):
                shown = figures.locator(f"[data-figure='{name}']").inner_text()
                assert _nok(shown) == owner[name], (oid, name, shown)
        page.screenshot(path=str(Path(os.environ.get("TILSKUDD_SCREENSHOTS", "/tmp")) / "tilskudd-finance.png"),
                        full_page=True)
        browser.close()


@pytest.mark.slow
def test_the_login_and_drift_pages_fit_a_phone_and_offer_nothing_outside_the_role(
        served: tuple[str, dict[str, str]]) -> None:
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    url, tokens = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(locale="nb-NO", viewport={"width": 390, "height": 844})

        def fits() -> bool:
            return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))

        page.goto(url + "/logg-inn")
        assert fits()
        page.get_by_label("Tilgangsnøkkel").fill(tokens["admin"])
        page.get_by_role("button", name="Logg inn").click()
        page.get_by_role("link", name="Drift", exact=True).first.click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Drift") and fits()
        offered = {a.inner_text() for a in page.locator("nav[aria-label='Hovedmeny'] a").all()}
        assert "Økonomi" not in offered and "Revisjon" not in offered  # pages that would answer 403
        page.get_by_label("Id (for eksempel helse-nord-rhf)").fill("nowhere-rhf")
        page.get_by_label("Navn", exact=True).first.fill("Ingen")
        page.get_by_label("Type").first.select_option("health_community")  # a community owner with no region
        assert page.get_by_label("Region (tom for et regionalt helseforetak)").input_value() == ""
        page.get_by_role("button", name="Registrer eier").click()
        assert "er ikke gyldig" in page.get_by_role("alert").inner_text() and fits()
        browser.close()


def _nok(shown: str) -> str:
    """`kr 1 250 000,50` → `"1250000.50"`."""
    digits = shown.replace("kr", "").replace("\u00a0", "").replace(" ", "").replace("−", "-")
    whole, _, fraction = digits.partition(",")
    return f"{whole}.{(fraction or '00'):0<2}"


@pytest.mark.slow
def test_the_demo_has_a_call_open_today(served: tuple[str, dict[str, str]]) -> None:
    """`grants demo` leaves a call an applicant can apply to as of the day it runs: Helse
    Nord's series by its rule ("Deretter årlig søknadsfrist 1. oktober")."""
    from datetime import date

    url, _ = served
    page = requests.get(url + "/utlysninger", timeout=10).text
    today = date.today()
    deadline = date(today.year, 10, 1) if today <= date(today.year, 10, 1) else date(today.year + 1, 10, 1)
    assert f"Søknadsbasert rekrutterings- og samhandlingstilskudd for {deadline.year + 1}" in page
    assert deadline.strftime("%d.%m.%Y") in page
