"""One story per role in a real browser (Debian's chromium, headless): each person does
their whole job on the pages, and each result is checked through the API as well."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browsing import SCREENSHOTS, Site, login, need_chromium

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    opened = context.new_page()
    opened.set_default_timeout(15000)
    yield opened
    context.close()


def _done(page: Any) -> str:
    """The confirmation the page shows after a form was carried out."""
    return str(page.locator("p.ok[role=status]").first.inner_text())


def _menu(page: Any, label: str) -> None:
    """Go to a page through the main menu."""
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=label, exact=True).click()


def _nok(shown: str) -> str:
    """`kr 1 250 000` → `1250000.00`."""
    digits = re.sub(r"[^\d,]", "", shown)
    whole, _, fraction = digits.partition(",")
    return f"{whole}.{(fraction or '00'):0<2}"


def test_the_applicant_finds_the_call_applies_and_sees_the_receipt(site: Site, page: Any) -> None:
    call = site.fresh_round()
    login(page, site, "applicant")
    _menu(page, "Utlysninger")
    section = page.locator("section.call", has_text=call["title"])
    assert "Forventet effekt" in section.inner_text() and "60 %" in section.inner_text()
    section.get_by_role("link", name=f"Søk på «{call['title']}»").click()
    page.get_by_label("Tittel").fill("Felles jordmortjeneste i Salten")
    page.get_by_label("Sammendrag").fill("Jordmødre deles mellom kommunene og sykehuset.")
    page.get_by_label("Svangerskaps-, fødsels- og barselomsorg").check()
    page.get_by_label("Partner 1: organisasjonsnummer").press_sequentially("983974898")  # a wrong check digit
    assert "gyldig kontrollsiffer" in page.locator("#partner-0-org_no-sjekk").inner_text()  # said as you type
    page.get_by_label("Partner 1: organisasjonsnummer").fill("983974899")
    page.get_by_label("Partner 1: navn").fill("Nordlandssykehuset HF")
    page.get_by_label("Partner 1: type").select_option("hospital_trust")
    page.get_by_label("Søkt beløp (kr)").fill("350 000")
    page.get_by_label("Beløp 2027 (kr)").fill("350 000")
    assert "lik søkt beløp" in page.locator("[data-budget-sum]").inner_text()
    page.get_by_role("button", name="Send søknaden").click()
    receipt = _done(page)
    reference = re.search(r"referanse (RST-\d{4}-\d{4})", receipt)
    assert reference is not None, receipt
    assert page.get_by_role("heading", level=1).inner_text().startswith(reference.group(1))
    found = site.find(reference.group(1), "applicant")
    assert (found["status"], found["requested_amount"], found["round_id"]) == ("submitted", "350000.00", call["id"])
    assert found["partners"][0]["org_no"] == "983974899"
    _menu(page, "Søknader")
    assert reference.group(1) in page.locator("table.list").inner_text()


def test_the_secretariat_screens_scores_and_ranks(site: Site, page: Any) -> None:
    call = site.fresh_round()
    apps = [site.application(call["id"], "submitted", amount) for amount in ("300000", "500000")]
    login(page, site, "assessor")
    _menu(page, "Arbeidsliste")
    for app in apps:
        page.get_by_role("link", name=app["reference"]).click()
        screening = page.locator("#skjema-vurdering")
        screening.get_by_label("Ja, kvalifisert").check()
        screening.get_by_label("Begrunnelse").fill("Oppfyller kravene i utlysningen")
        screening.get_by_role("button", name="Lagre vurderingen").click()
        assert "vurderingen er lagret" in _done(page)
        scoring = page.locator("#skjema-poeng")
        scoring.get_by_label("Forventet effekt").select_option("4")
        scoring.get_by_label("Samarbeid").select_option("3")
        assert scoring.locator("output").inner_text() == "3,60 av 5"  # 0.6 × 4 + 0.4 × 3
        scoring.get_by_role("button", name="Lagre poengene").click()
        assert "Poengene er lagret" in _done(page)
        _menu(page, "Arbeidsliste")
    section = page.locator("section", has=page.get_by_role("heading", name=call["title"]))
    for rank, app in ((1, apps[1]), (2, apps[0])):
        section.get_by_label(f"Prioritet for {app['reference']}").fill(str(rank))
        section.get_by_label(f"Anbefalt beløp for {app['reference']}").fill("250 000")
    section.get_by_role("button", name=f"Lagre prioriteringen for {call['title']}").click()
    assert "Prioriteringen er lagret for 2 søknader" in _done(page)
    first, second = site.find(apps[1]["reference"]), site.find(apps[0]["reference"])
    assert (first["status"], first["rank"], first["recommended_amount"]) == ("prioritised", 1, "250000.00")
    assert (second["rank"], second["total_score"]) == (2, 3.6)


def test_the_committee_decides_until_the_pool_runs_out(site: Site, page: Any) -> None:
    call = site.fresh_round("1000000")
    apps = [site.application(call["id"], "prioritised", "400000", rank) for rank in (1, 2, 3)]
    login(page, site, "committee")
    _menu(page, "Møter")
    page.get_by_role("link", name=re.compile(re.escape(call["title"]))).click()
    assert "kr\u00a01\u00a0000\u00a0000" in page.locator(".pool-left").inner_text()
    for app in apps:
        page.get_by_label(f"Velg {app['reference']}").check()
    page.get_by_label("Vedtaksreferanse").fill("KU-sak 7/2027")
    page.get_by_role("button", name="Innvilg valgte").click()
    said = page.locator("[data-confirm]").inner_text()
    assert "Du innvilger 3 søknader, til sammen kr\u00a01\u00a0200\u00a0000" in said
    assert "Potten har kr\u00a01\u00a0000\u00a0000 igjen" in page.locator("[data-warning]").inner_text()
    assert [site.find(a["reference"])["status"] for a in apps] == ["prioritised"] * 3
    page.get_by_role("button", name="Bekreft og innvilg").click()
    refusal = page.get_by_role("alert").inner_text()
    assert f"{apps[2]['reference']}: Potten har ikke nok midler igjen" in refusal
    assert "kr\u00a0200\u00a0000" in page.locator(".pool-left").inner_text()
    assert [site.find(a["reference"])["status"] for a in apps] == ["approved", "approved", "prioritised"]
    assert site.find(apps[0]["reference"])["decision_ref"] == "KU-sak 7/2027"


def test_finance_opens_money_pays_and_sees_the_budget_move(site: Site, page: Any) -> None:
    login(page, site, "finance")
    _menu(page, "Potter og utlysninger")
    new_pool = page.get_by_role("form", name="Opprett en pott")
    new_pool.get_by_label("Eier").select_option("helse-nord-rhf")
    new_pool.get_by_label("Navn").fill("Pott fra nettleseren")
    new_pool.get_by_label("Budsjettår").fill("2027")
    new_pool.get_by_label("Ramme (kr)").fill("2 000 000")
    new_pool.get_by_role("button", name="Opprett potten").click()
    assert "Potten er opprettet" in _done(page)
    pool = next(p for p in site.api("GET", "/api/v1/pools?limit=200", "finance")["items"]
                if p["name"] == "Pott fra nettleseren")
    section = page.locator("section.pool", has_text="Pott fra nettleseren")
    raising = section.locator("details", has=page.locator("summary", has_text="Øk rammen"))
    raising.locator("summary").click()
    raising.get_by_label("Økning (kr)").fill("500 000")
    raising.get_by_label("Begrunnelse").fill("RNB 2027")
    raising.get_by_role("button", name="Øk rammen").click()
    assert site.api("GET", f"/api/v1/pools/{pool['id']}", "finance")["total"] == "2500000.00"
    new_round = page.get_by_role("form", name="Åpne en utlysning")
    new_round.get_by_label("Pott").select_option(pool["id"])
    new_round.get_by_label("Tittel").fill("Utlysning fra nettleseren")
    new_round.get_by_label("Søknadsfrist").fill((date.today() + timedelta(days=20)).isoformat())
    new_round.get_by_label("Kriterier").fill("effekt;Forventet effekt;60\nsamarbeid;Samarbeid;40")
    new_round.get_by_role("button", name="Åpne utlysningen").click()
    assert "Utlysningen er åpnet" in _done(page)
    assert "Utlysning fra nettleseren" in page.locator("table.list").inner_text()
    call = site.fresh_round()
    app = site.application(call["id"], "agreed", "300000")
    _menu(page, "Økonomi")
    owner = "table[data-owner='helse-nord-rhf'] tfoot [data-figure='paid']"
    paid_before = _nok(page.locator(owner).inner_text())
    _menu(page, "Utbetalinger")
    page.get_by_role("link", name=app["reference"]).click()
    payout = page.locator("#skjema-utbetal")
    payout.get_by_label("Beløp (kr)").fill("300 000")
    payout.get_by_label("Betalingsreferanse").fill(f"UTB-{app['reference']}")
    payout.get_by_role("button", name="Registrer utbetalingen").click()
    _confirm(page, "Du betaler kr\u00a0300\u00a0000 til Bodø kommune", "Bekreft og betal")
    assert "Utbetalingen er registrert" in _done(page)
    assert site.find(app["reference"])["paid_amount"] == "300000.00"
    _menu(page, "Økonomi")
    paid_after = _nok(page.locator(owner).inner_text())
    assert float(paid_after) - float(paid_before) == 300000
    budget = site.api("GET", "/api/v1/budget", "finance")
    assert next(o for o in budget["owners"] if o["owner"]["id"] == "helse-nord-rhf")["paid"] == paid_after


def test_a_refused_payment_comes_back_as_typed_and_pays_exactly_the_typed_amount(site: Site, page: Any) -> None:
    call = site.fresh_round()
    # A payment reference already used for another grant.
    other = site.application(call["id"], "agreed", "200000", rank=2)
    used = f"UTB-{other['reference']}"
    site.api("POST", f"/api/v1/applications/{other['id']}/disbursements", "finance",
             {"amount": "200000", "payment_reference": used})
    app = site.application(call["id"], "agreed", "500000")
    login(page, site, "finance")
    page.goto(f"{site.url}/soknader?referanse={app['reference']}")
    payout = page.locator("#skjema-utbetal")
    # Nothing is filled in for the person: the amount is what they type.
    assert payout.get_by_label("Beløp (kr)").input_value() == ""
    payout.get_by_label("Beløp (kr)").fill("300 000")
    payout.get_by_label("Betalingsreferanse").fill(used)
    payout.get_by_role("button", name="Registrer utbetalingen").click()
    # Refused for the used reference; every field comes back exactly as typed.
    assert "Betalingsreferansen er allerede brukt" in page.locator("[role=alert]").first.inner_text()
    payout = page.locator("#skjema-utbetal")
    assert payout.get_by_label("Beløp (kr)").input_value() == "300 000"
    assert payout.get_by_label("Betalingsreferanse").input_value() == used
    assert site.find(app["reference"])["paid_amount"] == "0.00"
    payout.get_by_label("Betalingsreferanse").fill(f"UTB-{app['reference']}")
    payout.get_by_role("button", name="Registrer utbetalingen").click()
    _confirm(page, "Du betaler kr\u00a0300\u00a0000 til Bodø kommune", "Bekreft og betal")
    assert "Utbetalingen er registrert" in _done(page)
    assert site.find(app["reference"])["paid_amount"] == "300000.00"


def test_the_auditor_finds_the_decision_and_replays_the_day_before(site: Site, page: Any) -> None:
    call = site.fresh_round()
    app = site.application(call["id"], "approved")
    login(page, site, "auditor")
    _menu(page, "Revisjon")
    page.get_by_label("Hendelsestype").select_option(label="Innvilget")
    page.get_by_label("Utført av").fill("anne sofie")
    page.get_by_label("Søknad (referanse)").fill(app["reference"].lower())
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("table.events tbody tr")
    expect(rows).to_have_count(1)  # waits for the filtered page, not the one before the click
    assert "Søknad: innvilget" in rows.inner_text()
    rows.get_by_role("link").click()
    assert "Anne Sofie Lien" in page.locator("dl.facts").inner_text()
    yesterday = date.today() - timedelta(days=1)
    _menu(page, "Avspilling")
    page.get_by_label("Dato").fill(yesterday.isoformat())
    page.get_by_role("button", name="Spill av").click()
    shown = _nok(page.locator("table[data-owner='helse-nord-rhf'] tfoot [data-figure='total']").inner_text())
    as_of = site.api("GET", f"/api/v1/budget?as_of={yesterday.isoformat()}T23:59:59.999999%2B01:00", "auditor")
    now = site.api("GET", "/api/v1/budget", "auditor")
    then_total = next(o for o in as_of["owners"] if o["owner"]["id"] == "helse-nord-rhf")["total"]
    assert shown == then_total != next(o for o in now["owners"] if o["owner"]["id"] == "helse-nord-rhf")["total"]
    assert page.locator(f"tr[data-reference='{app['reference']}']").count() == 0  # not yet submitted then
    _menu(page, "Kjedekontroll")
    page.get_by_role("button", name="Kontroller kjeden nå").click()
    outcome = page.locator("[data-chain]")  # waits until the report is on the page, ok or broken
    assert outcome.get_attribute("data-chain") == "ok", outcome.inner_text()


def test_admin_grants_a_membership(site: Site, page: Any) -> None:
    login(page, site, "admin")
    _menu(page, "Personer")
    person = page.locator("section.person", has_text="Revisjon Nord").first
    person_id = person.get_attribute("data-person")
    page.get_by_label("Person", exact=True).select_option(person_id)
    page.get_by_label("Rolle", exact=True).select_option("assessor")
    page.get_by_label("Helsefellesskap (saksbehandler)").select_option("hf-lvs")  # picked by name
    page.get_by_role("button", name="Gi rolle").click()
    assert "Rollen er gitt" in _done(page)
    granted = site.api("GET", f"/api/v1/people/{person_id}", "admin")
    assert any(m["role"] == "assessor" and m.get("community_id") == "hf-lvs" for m in granted["memberships"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "personer.png"), full_page=True)


def _confirm(page: Any, sentence: str, button: str) -> None:
    """The last look before money moves: the sentence states amount and recipient; confirm."""
    assert sentence in page.locator("[data-confirm]").inner_text()
    page.get_by_role("button", name=button).click()


def test_money_moves_only_after_a_last_look_and_going_back_changes_nothing(site: Site, page: Any) -> None:
    """Before a grant and before a payment the page states the amount and the recipient
    in one sentence; going back from it records nothing; confirming records it once."""
    call = site.fresh_round()
    app = site.application(call["id"], "prioritised", "250000")
    log = site.api("GET", "/api/v1/audit/verify", "auditor")["events_checked"]
    login(page, site, "committee")
    page.goto(f"{site.url}/soknader?referanse={app['reference']}")
    grant = page.locator("#skjema-innvilg")
    grant.get_by_label("Innvilget beløp (kr)").fill("200 000,50")
    grant.get_by_label("Vedtaksreferanse").fill("KU-sak 5/2027")
    grant.get_by_label("Begrunnelse der det innvilges mindre enn søkt").fill("Rammen rekker ikke til hele beløpet.")
    grant.get_by_role("button", name="Innvilg").click()
    said = page.locator("[data-confirm]").inner_text()
    assert "Du innvilger kr\u00a0200\u00a0000,50 til Bodø kommune" in said and app["reference"] in said
    assert "KU-sak 5/2027" in said
    page.go_back()
    assert site.find(app["reference"])["status"] == "prioritised"
    assert site.api("GET", "/api/v1/audit/verify", "auditor")["events_checked"] == log
    grant = page.locator("#skjema-innvilg")
    grant.get_by_label("Innvilget beløp (kr)").fill("200 000,50")
    grant.get_by_label("Vedtaksreferanse").fill("KU-sak 5/2027")
    grant.get_by_label("Begrunnelse der det innvilges mindre enn søkt").fill("Rammen rekker ikke til hele beløpet.")
    grant.get_by_role("button", name="Innvilg").click()
    _confirm(page, "Du innvilger kr\u00a0200\u00a0000,50 til Bodø kommune", "Bekreft og innvilg")
    assert site.find(app["reference"])["granted_amount"] == "200000.50"

    agreed = site.application(call["id"], "agreed", "120000", rank=2)
    login(page, site, "finance")
    page.goto(f"{site.url}/soknader?referanse={agreed['reference']}")
    payout = page.locator("#skjema-utbetal")
    payout.get_by_label("Beløp (kr)").fill("120000")
    payout.get_by_label("Betalingsreferanse").fill(f"UTB-SIST-{agreed['reference']}")
    payout.get_by_role("button", name="Registrer utbetalingen").click()
    said = page.locator("[data-confirm]").inner_text()
    assert f"Du betaler kr\u00a0120\u00a0000 til Bodø kommune (org.nr. 972418013) for {agreed['reference']}" in said
    page.get_by_role("link", name="Tilbake uten å gjøre noe").click()
    assert site.find(agreed["reference"])["paid_amount"] == "0.00"
    payout = page.locator("#skjema-utbetal")
    payout.get_by_label("Beløp (kr)").fill("120 000")
    payout.get_by_label("Betalingsreferanse").fill(f"UTB-SIST-{agreed['reference']}")
    payout.get_by_role("button", name="Registrer utbetalingen").click()
    _confirm(page, "Du betaler kr\u00a0120\u00a0000 til Bodø kommune", "Bekreft og betal")
    assert site.find(agreed["reference"])["paid_amount"] == "120000.00"
