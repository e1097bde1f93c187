"""WCAG 2.1 AA on every page, in Debian's chromium: axe-core (from the npm registry,
installed by .ci/run and injected here) with the WCAG 2.0/2.1 A and AA rules finds no
violation at 1280 px nor at 390 px; no page is wider than a 390 px screen (1.4.10
Reflow); every form can be reached, filled and sent with the keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.web.browsing import AXE, SCREENSHOTS, Site, login, need, need_chromium, too_wide, violations

pytestmark = pytest.mark.slow
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def pages_of(site: Site) -> dict[str | None, list[str]]:
    """Every page of each role (None: not logged in), with state enough that each form shows."""
    call = site.fresh_round()
    submitted, screened, prioritised, approved, agreed = (
        site.application(call["id"], stage) for stage in ("submitted", "screened", "prioritised", "approved",
                                                          "agreed"))
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    site.api("POST", f"/api/v1/applications/{agreed['id']}/reports", "finance",
             {"kind": "final", "due_on": (date.today() + timedelta(days=90)).isoformat(), "reason": "Sluttrapport"})

    person = site.api("POST", "/api/v1/people", "admin", {"name": "Axe Person", "email": "axe@example.no"})
    held = site.api("POST", f"/api/v1/people/{person['id']}/memberships", "admin",
                    {"role": "finance", "owner_id": "helse-nord-rhf"})["memberships"][0]

    entry = site.api("GET", "/api/v1/journal/public", "auditor")["entries"][0]["entry"]
    site.api("POST", "/api/v1/journal/access-requests", "auditor",
             {"entry": entry, "name": "Axe Journalist", "email": "axe.journalist@example.no"})

    def case(app: dict[str, Any]) -> str:
        return f"/soknader?referanse={app['reference']}"

    return {
        None: ["/", "/utlysninger", "/logg-inn", "/finnes-ikke", "/docs", "/offentlig-journal",
               f"/offentlig-journal/innsyn?journalpost={entry}"],
        "applicant": ["/", "/utlysninger", f"/utlysninger/{call['id']}/soknad", "/soknader", case(submitted),
                      case(agreed), "/min-profil"],
        "assessor": ["/", "/arbeidsliste", "/rapporter", "/soknader", case(submitted), case(screened), case(approved),
                     "/innsynskrav"],
        "committee": ["/", "/moter", f"/moter/{call['id']}", case(prioritised), "/okonomi"],
        "finance": ["/", "/okonomi", "/okonomi?avstemming=1", f"/okonomi?dato={yesterday}", "/okonomi/potter",
                    "/okonomi/utbetalinger", "/okonomi/utbetalinger?q=tiltak", "/rapporter", case(agreed),
                    case(approved), "/soknader?q=tiltak&sortering=nyeste"],
        "auditor": ["/", "/revisjon", "/revisjon/hendelser/1", f"/revisjon/avspilling?dato={yesterday}",
                    "/revisjon/kjede", "/revisjon/kjede?kontroller=1", case(approved), "/okonomi"],
        "admin": ["/", "/drift", "/drift/personer", "/drift/personer?q=axe",
                  f"/drift/personer/{person['id']}/medlemskap/{held['id']}/fjern", "/min-profil"],
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need_chromium()
    need(AXE, "axe-core from the npm registry (npm ci in .ci/axe)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield launched
        launched.close()


def test_the_checker_finds_what_it_should(browser: Any) -> None:
    """axe-core, as this module runs it, reports a page without language, alt text or labels."""
    page = browser.new_page()
    page.set_content("<html><body><img src='x.png'><input type='text'>"
                     "<p style='color:#aaa'>Lys tekst</p></body></html>")
    found = " ".join(violations(page))
    assert all(rule in found for rule in ("html-has-lang", "image-alt", "label", "color-contrast")), found
    page.close()


@pytest.mark.parametrize("who", [None, "applicant", "assessor", "committee", "finance", "auditor", "admin"])
def test_every_page_passes_axe_at_both_widths_and_fits_a_phone(site: Site, browser: Any,
                                                               pages_of: dict[str | None, list[str]],
                                                               who: str | None) -> None:
    found: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        if who is not None:
            login(page, site, who)
        for path in pages_of[who]:
            page.goto(site.url + path)
            page.wait_for_load_state("networkidle")
            found += [f"{who} {path} @{width}px: {v}" for v in violations(page)]
            if width == 390 and too_wide(page):
                found.append(f"{who} {path} @390px: wider than the screen (WCAG 1.4.10)")
            hidden = off_screen(page)
            if hidden:
                found.append(f"{who} {path} @{width}px: {hidden} reached only by scrolling sideways")
            name = re.sub(r"[^a-z0-9]+", "-", f"{who or 'anonym'}{path}".lower()).strip("-")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()
    assert not found, "\n".join(found)


def off_screen(page: Any) -> list[str]:
    """The inputs, buttons and table cells that lie outside the screen or are cut off by
    a region that scrolls sideways (a phone's table that did not become cards, the
    budget's last column at 1280 px)."""
    found: list[str] = page.evaluate("""() => {
        const out = [];
        const seen = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
        for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, td, th')) {
            if (!seen(el)) continue;
            const r = el.getBoundingClientRect();
            let cut = r.right > window.innerWidth + 1 || r.left < -1;
            for (let box = el.parentElement; box && !cut; box = box.parentElement) {
                if (box.classList.contains('table-scroll') && box.scrollWidth > box.clientWidth + 1) {
                    const b = box.getBoundingClientRect();
                    cut = r.right > b.right + 1;
                }
            }
            if (cut) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
                              (el.textContent || el.name || '').trim().slice(0, 30) + '"');
        }
        return out.slice(0, 5);
    }""")
    return found


def test_a_refused_form_passes_axe_and_fits_a_phone(site: Site, browser: Any) -> None:
    call = site.fresh_round()
    for width in WIDTHS:
        context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        login(page, site, "applicant")
        page.goto(f"{site.url}/utlysninger/{call['id']}/soknad")
        page.get_by_label("Søkt beløp (kr)").fill("mye")
        page.get_by_role("button", name="Send søknaden").click()
        assert "Søkt beløp må være et kronebeløp over null" in page.get_by_role("alert").inner_text()
        assert violations(page) == [] and not (width == 390 and too_wide(page))
        context.close()


def test_a_refused_form_sent_by_keyboard_focuses_the_summary_whose_links_reach_each_field(
        site: Site, browser: Any) -> None:
    """Keyboard only: Tab to the send button and press Enter with required fields empty
    and a wrong amount. No native validation bubble stops it (the forms are `novalidate`,
    the server's bokmål messages speak); the error summary takes the focus, and each of
    its links, followed with Enter, puts the focus in its field."""
    call = site.fresh_round()
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, site, "applicant")
    page.goto(f"{site.url}/utlysninger/{call['id']}/soknad")
    assert page.evaluate("document.querySelectorAll('form:not([novalidate])').length") == 0
    page.get_by_label("Søkt beløp (kr)").fill("300.000")
    page.get_by_label("Beløp 2027 (kr)").fill("12,345")
    page.locator("body").focus()
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Send søknaden":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("#feil")
    assert page.evaluate("document.activeElement.id") == "feil", "the summary takes the focus"
    links = page.locator("#feil a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {"#title", "#summary", "#requested_amount", "#budget-2027"} <= set(targets), targets
    summary_text = page.locator("#feil").inner_text()
    assert "Søkt beløp må være et kronebeløp over null" in summary_text and "Tittel må fylles ut" in summary_text
    for i, target in enumerate(targets):
        page.locator("#feil").focus()
        for _ in range(i + 1):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == target
        page.keyboard.press("Enter")
        assert "#" + page.evaluate("document.activeElement.id") == target, "the link puts the focus in its field"
        field = page.locator(target or "")
        assert field.get_attribute("aria-invalid") == "true"
        assert (field.get_attribute("aria-describedby") or "").endswith("-feil")
    context.close()


def test_the_last_look_before_money_moves_passes_axe_and_fits_a_phone(site: Site, browser: Any) -> None:
    call = site.fresh_round()
    for width in WIDTHS:
        prioritised, agreed = (site.application(call["id"], stage) for stage in ("prioritised", "agreed"))
        context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for who, app, form, button in (("committee", prioritised, "#skjema-innvilg", "Innvilg"),
                                       ("finance", agreed, "#skjema-utbetal", "Registrer utbetalingen")):
            login(page, site, who)
            page.goto(f"{site.url}/soknader?referanse={app['reference']}")
            fields = page.locator(form)
            fields.locator("input[name=amount]").fill("1 000")
            reference = fields.locator("input[name=decision_ref], input[name=payment_reference]")
            reference.fill(f"REF-{app['reference']}")
            if who == "committee":  # less than requested is reasoned (forvaltningsloven § 25)
                fields.locator("textarea[name=reasons]").fill("Rammen rekker ikke til hele beløpet.")
            fields.get_by_role("button", name=button).click()
            assert "kr\u00a01\u00a0000 til Bodø kommune" in page.locator("[data-confirm]").inner_text()
            assert violations(page) == [] and not (width == 390 and too_wide(page)), (who, width)
        context.close()


def _reach_by_tab(page: Any, limit: int = 600) -> set[str]:
    """The ids of every element the Tab key reaches, once round the page (a date field
    keeps the focus for each of its parts)."""
    reached: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement === document.body ? '' : (document.activeElement.id || "
                                "document.activeElement.getAttribute('name') || "
                                "document.activeElement.textContent.trim())")
        if reached and focused == reached[0]:
            break
        reached.append(focused)
    return set(reached)


#: Every visible form control of the page's main part; one inside a closed section
#: counts as that section's summary, which opens it.
FORM_CONTROLS = """() => [...document.querySelectorAll(
  'main form input, main form select, main form textarea, main form button')]
  .filter(e => e.type !== 'hidden' && e.offsetParent !== null && !e.disabled)
  .map(e => e.closest('details:not([open])') ? e.closest('details').querySelector('summary') : e)
  .filter(e => e.type !== 'radio' || e.checked || !document.querySelector(`input[name="${e.name}"]:checked`))
  .map(e => e.id || e.getAttribute('name') || e.textContent.trim())"""


@pytest.mark.parametrize("who", ["applicant", "assessor", "committee", "finance", "auditor", "admin"])
def test_every_form_field_is_reached_with_the_tab_key(site: Site, browser: Any,
                                                      pages_of: dict[str | None, list[str]], who: str) -> None:
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    login(page, site, who)
    missed: list[str] = []
    for path in pages_of[who]:
        page.goto(site.url + path)
        controls = set(page.evaluate(FORM_CONTROLS))
        radios = {c for c in controls if c.startswith("eligible-")}  # a radio group is one tab stop
        reached = _reach_by_tab(page)
        missed += [f"{path}: {c}" for c in controls - radios - reached]
        assert not radios or radios & reached, path
    context.close()
    assert not missed, missed


def test_an_application_is_filled_and_sent_with_the_keyboard_alone(site: Site, browser: Any) -> None:
    call = site.fresh_round()
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    login(page, site, "applicant")
    page.goto(f"{site.url}/utlysninger/{call['id']}/soknad")
    typed = {"title": "Tastaturtiltaket", "summary": "Sendt uten mus.", "requested_amount": "200 000",
             "budget-2027": "200 000", "contact_name": "Hilde Johansen", "contact_email": "hilde@bodo.kommune.no"}
    for _ in range(200):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()")
        if name in typed:
            page.keyboard.type(typed.pop(name))
        elif name == "priority_groups" and page.evaluate("!document.activeElement.checked"):
            page.keyboard.press("Space")
        elif name == "Send søknaden":
            assert not typed, typed
            page.keyboard.press("Enter")
            break
    page.wait_for_url(re.compile(r"referanse="))
    reference = re.search(r"referanse=(RST-\d{4}-\d{4})", page.url)
    assert reference is not None
    found = site.find(reference.group(1), "applicant")
    assert found["title"] == "Tastaturtiltaket" and found["priority_groups"]
    context.close()
