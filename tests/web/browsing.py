"""What the browser tests share: the demo served by `grants serve` on an SQLite file,
a token for each role, Debian's chromium (driven by Playwright, no browser download),
axe-core from the npm registry (installed by .ci/run), and shortcuts to build state
through the API."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import requests

from tests.conftest import IN_CI
from workloads.servers import free_port

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("AXE_CORE_JS", ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
ROLES = ("applicant", "assessor", "committee", "finance", "auditor", "admin")
NORD = {"id": "helse-nord-rhf", "name": "Helse Nord RHF", "kind": "rhf"}
BODO = {"org_no": "972418013", "name": "Bodø kommune", "kind": "municipality"}
NLSH = {"org_no": "983974899", "name": "Nordlandssykehuset HF", "kind": "hospital_trust"}
LVS = {"id": "hf-lvs", "name": "Helsefellesskapet Lofoten, Vesterålen og Salten"}
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(os.environ.get("TILSKUDD_SCREENSHOTS", "/tmp/tilskudd-screens"))


def need(path: str | Path, what: str) -> None:
    """Skip (fail under CI) when a part the browser tests need is missing."""
    if not Path(path).exists():
        if IN_CI:
            pytest.fail(f"{path} is missing; .ci/run installs {what}")
        pytest.skip(f"{what} is not installed")


def need_chromium() -> None:
    need(CHROMIUM if shutil.which(CHROMIUM) else "/nonexistent", "Debian's chromium")


@dataclass
class Site:
    """The served demo: its address and a token for each role."""

    url: str
    tokens: dict[str, str]

    def api(self, method: str, path: str, who: str, json: Any = None) -> Any:
        answer = requests.request(method, self.url + path, json=json, timeout=30,
                                  headers={"Authorization": f"Bearer {self.tokens[who]}"})
        assert answer.status_code < 300, (method, path, answer.status_code, answer.text)
        return answer.json()

    def find(self, reference: str, who: str = "auditor") -> dict[str, Any]:
        """The application with this reference, through the API."""
        items: list[dict[str, Any]] = self.api("GET", f"/api/v1/applications?reference={reference}", who)["items"]
        assert len(items) == 1, items
        return items[0]

    def fresh_round(self, amount: str = "1000000", title: str | None = None) -> dict[str, Any]:
        """A new pool of Helse Nord with an open round (deadline in 30 days), through the API."""
        name = title or f"Nettlesertest {uuid4().hex[:6]}"
        pool = self.api("POST", "/api/v1/pools", "finance", {"owner": NORD, "name": f"Pott {name}",
                                                              "fiscal_years": [2027], "amount": amount})
        return self.api("POST", "/api/v1/rounds", "finance", {
            "pool_id": pool["id"], "title": name, "deadline": (date.today() + timedelta(days=30)).isoformat(),
            "criteria": [{"id": "effekt", "name": "Forventet effekt", "weight": 60},
                         {"id": "samarbeid", "name": "Samarbeid", "weight": 40}],
            "requires_own_contribution": False})

    def application(self, round_id: str, stage: str, amount: str = "400000", rank: int = 1) -> dict[str, Any]:
        """An application of Bodø kommune through the API, brought to `stage`."""
        app = self.api("POST", "/api/v1/applications", "applicant", {
            "round_id": round_id, "health_community": LVS, "title": f"Tiltak {uuid4().hex[:4]}",
            "summary": "Felles tiltak.", "applicant": BODO, "partners": [NLSH], "requested_amount": amount,
            "budget": [{"year": 2027, "amount": amount}]})
        steps = [("screened", "assessor", "screening", {"eligible": True, "reason": "Kvalifisert"}),
                 ("scored", "assessor", "scores", {"scores": {"effekt": 4, "samarbeid": 3}, "comment": ""}),
                 ("prioritised", "assessor", "prioritisation", {"rank": rank, "recommended_amount": amount}),
                 ("approved", "committee", "approval", {"amount": amount, "conditions": "",
                                                        "decision_ref": "KU-sak 1/2027"}),
                 ("accepted", "applicant", "grant-acceptance", {"accept": True, "reason": ""}),
                 ("agreed", "assessor", "agreement", {"signed_on": date.today().isoformat(),
                                                      "parties": [BODO["org_no"], NLSH["org_no"]],
                                                      "document_ref": "Avtale 1", "patient_responsibility": "Delt"})]
        names = [step[0] for step in steps]
        for _, who, path, body in steps[:names.index(stage) + 1 if stage in names else 0]:
            app = self.api("POST", f"/api/v1/applications/{app['id']}/{path}", who, body)
        return app


@contextmanager
def demo_site(folder: Path) -> Iterator[Site]:
    """`grants demo` then `grants serve` on an SQLite file in `folder`."""
    env = {**os.environ, "GRANTS_DATABASE_URL": f"sqlite:///{folder / 'grants.sqlite'}", "GRANTS_DEV_LOGIN": "1"}
    demo = subprocess.run([sys.executable, "-c", "from cli.main import main; main(['demo'])"], env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    tokens = {line.split()[0]: line.split()[1] for line in demo.stdout.splitlines()
              if line.split() and line.split()[0] in ROLES}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", f"from cli.main import main; main(['serve', '--port', '{port}'])"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still booting
                time.sleep(0.1)
        yield Site(url, tokens)
    finally:
        server.terminate()
        server.wait(timeout=20)


def login(page: Any, site: Site, who: str) -> None:
    """Log in on the login page with the role's token, as a person would."""
    page.context.clear_cookies()
    page.goto(site.url + "/logg-inn")
    page.get_by_label("Tilgangsnøkkel").fill(site.tokens[who])
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda address: "/logg-inn" not in address)


def violations(page: Any) -> list[str]:
    """What axe-core finds on the page with the WCAG 2.0/2.1 A and AA rules."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
            for v in found["violations"]]


def too_wide(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))
