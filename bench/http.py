"""HTTP: GET /api/v1/applications/{id} and GET /api/v1/budget under `grants serve
--workers 2`, loaded by wrk (a separate process), against a bare Flask view answering a
constant JSON body of the same size on the same gunicorn setup. Each side's figure is
the best of three runs, the two sides' runs taken in turns: how wrk's connections fall
to the two worker processes differs from run to run (all on one process halves what it
answers), and the machine's speed drifts, for both sides alike.
Five work pages, each with a logged-in page session, are measured the same way: the
secretariat's queue (`/arbeidsliste`, 200 undecided applications in its community),
the committee's meeting (`/moter/{round}`, 50 applications), a case page
(`/soknader?referanse=…`), the budget page (`/okonomi`) and the applicant's list
(`/soknader`).

    python -m bench.http [--duration 10] [--connections 8] [--stores postgres]

Needs wrk (Debian: apt-get install wrk). The store holds the demo data; the read
models are up to date before the load starts.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from operator import attrgetter
from uuid import UUID

import requests
from sqlalchemy import select

from application.service import Grants
from bench.common import figure, heading, scratch_store, store_arguments, verdict
from demo.scenario import SimulatedClock, run_demo
from domain.commands import Prioritise, Score, Submit
from domain.values import ADMIN, APPLICANT, ASSESSOR, COMMITTEE, FINANCE, Actor, BudgetLine
from infrastructure.sql import reading
from readmodels.applications import ApplicationsView
from readmodels.service import ReadModels
from workloads.builders import APPLICANT_ACTOR, ASSESSOR_ACTOR, BODO, CRITERIA, FINANCE_ACTOR, LVS, content
from workloads.servers import free_ports, grants_serve, process

TARGET_RATIO = 0.5
TARGET_PAGE_RATIO = 0.3
TARGET_P99_MS = 25.0
#: What the work pages are measured with: applications in the committee's meeting, and
#: undecided applications in the secretariat's community (the meeting's among them).
MEETING_SIZE, QUEUE_SIZE = 50, 200
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    """What wrk measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float


def wrk(url: str, token: str | None, duration: int, connections: int, cookie: str | None = None) -> Load:
    """Load `url` with wrk for `duration` seconds (2 threads); every answer must be 2xx."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw failed requests on {url}:\n{output}")
    return Load(float(_find(r"Requests/sec:\s+([\d.]+)", output)),
                _latency(_find(r"\s50%\s+([\d.]+\w+)", output)), _latency(_find(r"\s99%\s+([\d.]+\w+)", output)))


def best_of_turns(bare_url: str, url: str, token: str | None, duration: int, connections: int,
                  cookie: str | None = None, runs: int = 3) -> tuple[Load, Load]:
    """The baseline's and our best run (most requests per second) of `runs` each, taken
    in turns — baseline, ours, baseline, ours … — so that both sides meet the same
    moments of a machine whose speed drifts (the bare app alone moved between 5 600 and
    10 900 req/s from one endpoint's runs to the next's)."""
    bare: list[Load] = []
    ours: list[Load] = []
    for _ in range(runs):
        bare.append(wrk(bare_url, None, duration, connections))
        ours.append(wrk(url, token, duration, connections, cookie))
    fastest = attrgetter("requests_per_second")
    return max(bare, key=fastest), max(ours, key=fastest)


def _find(pattern: str, output: str) -> str:
    match = re.search(pattern, output)
    if match is None:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{output}")
    return match.group(1)


def _latency(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


@dataclass(frozen=True)
class Prepared:
    """What the load needs: tokens, an application, and the round the committee meets on."""

    finance: str
    assessor: str
    committee: str
    applicant: str
    application_id: str
    reference: str
    round_id: str


def prepare(url: str) -> Prepared:
    """Fill the demo data and a round of our own in one health community (`MEETING_SIZE`
    prioritised for the meeting, and as many submitted in a second round as make
    `QUEUE_SIZE` undecided), bring the read models up; tokens and what to ask for."""
    clock = SimulatedClock()
    grants = Grants(url, clock=clock)
    run_demo(grants, clock)
    round_id = _meeting_and_queue(grants, clock)
    models = ReadModels(grants)
    models.catch_up()
    view = models.view("applications")
    assert isinstance(view, ApplicationsView)
    with reading(models.engine) as connection:
        table = view.applications
        application_id, reference = connection.execute(
            select(table.c.application_id, table.c.reference).where(table.c.status == "paid").limit(1)).one()
    operator, issuer = Grants(url), Actor("bench", "Benchmark", ADMIN)
    tokens = [operator.issue_token(role, issuer, holder=f"Benchmark {role}", community_id=community, org_no=org_no)[0]
              for role, community, org_no in ((FINANCE, None, None), (ASSESSOR, LVS.id, None), (COMMITTEE, None, None),
                                              (APPLICANT, None, BODO.org_no))]
    operator.close()
    grants.close()
    finance, assessor, committee, applicant = tokens
    return Prepared(finance, assessor, committee, applicant, str(application_id), str(reference), str(round_id))


def _meeting_and_queue(grants: Grants, clock: SimulatedClock) -> UUID:
    """A pool and two rounds of Helse Nord's; the meeting's round holds `MEETING_SIZE`
    prioritised applications of one community, the other round the rest of `QUEUE_SIZE`
    submitted. The meeting's round."""
    year = clock().year
    owner = grants.registry().owners["helse-nord-rhf"].as_owner
    pool = grants.open_pool(owner, name="Tilskudd for målingen", fiscal_years=[year], amount=Decimal(500_000_000),
                            actor=FINANCE_ACTOR).value.id
    rounds = [grants.open_round(pool, title=title, deadline=clock().date() + timedelta(days=30), criteria=CRITERIA,
                                requires_own_contribution=True, actor=FINANCE_ACTOR).value.id
              for title in ("Utlysning til møtet", "Utlysning under behandling")]
    for number in range(QUEUE_SIZE):
        meeting = number < MEETING_SIZE
        app = grants.run(Submit(rounds[0] if meeting else rounds[1], content(
            title=f"Samhandlingsprosjekt {number + 1}", budget=[BudgetLine(year, Decimal(1_000_000))])),
            actor=APPLICANT_ACTOR).value
        if meeting:
            grants.run(Score(app.id, scores={"effekt": 4, "samarbeid": 3}, comment="Godt forankret"),
                       actor=ASSESSOR_ACTOR)
            grants.run(Prioritise(app.id, rank=number + 1, recommended_amount="500000"), actor=ASSESSOR_ACTOR)
    return rounds[0]


def page_cookie(base: str, token: str) -> str:
    """Log in to the pages with `token` (the development login) and open the page it
    leads to, as a browser does; the session cookie then."""
    with requests.Session() as browser:
        form = browser.get(f"{base}/logg-inn", timeout=10).text
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        assert csrf is not None, "the login page has no form"
        answer = browser.post(f"{base}/logg-inn", data={"token": token, "csrf_token": csrf.group(1)}, timeout=10,
                              allow_redirects=False)
        assert answer.status_code == 302, f"the login was refused: {answer.status_code}"
        browser.get(base + answer.headers["Location"], timeout=10)  # as a browser: the welcome shown, then gone
        return "; ".join(f"{name}={value}" for name, value in browser.cookies.get_dict().items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="web processes (default 2)")
    store_arguments(parser, default="postgres")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    for kind in args.stores:
        heading(f"HTTP on {kind}: grants serve --workers {args.workers}, wrk -c{args.connections} "
                f"for {args.duration} s per endpoint")
        with scratch_store(kind) as url:
            ready = prepare(url)
            port, bare_port = free_ports(2)
            base = f"http://127.0.0.1:{port}"
            api = {"application": f"/api/v1/applications/{ready.application_id}", "budget": "/api/v1/budget"}
            with grants_serve(url, port, "--workers", str(args.workers), env={"GRANTS_DEV_LOGIN": "1"}):
                pages = {"queue": ("/arbeidsliste", page_cookie(base, ready.assessor)),
                         "meeting": (f"/moter/{ready.round_id}", page_cookie(base, ready.committee)),
                         "case": (f"/soknader?referanse={ready.reference}", page_cookie(base, ready.committee)),
                         "budget-page": ("/okonomi", page_cookie(base, ready.finance)),
                         "applicant-list": ("/soknader", page_cookie(base, ready.applicant))}
                asks = {**{name: (path, ready.finance, None) for name, path in api.items()},
                        **{name: (path, None, cookie) for name, (path, cookie) in pages.items()}}
                sizes = {name: _size(base + path, token, cookie) for name, (path, token, cookie) in asks.items()}
                bare = ["-m", "bench.bare", "--port", str(bare_port), "--workers", str(args.workers),
                        *[f"--size={name}={size}" for name, size in sizes.items()]]
                with process(bare, ready_url=f"http://127.0.0.1:{bare_port}/healthz"):
                    for name, (path, token, cookie) in asks.items():
                        ours_url, bare_url = base + path, f"http://127.0.0.1:{bare_port}/bare/{name}"
                        wrk(ours_url, token, 2, args.connections, cookie)  # warm up both
                        wrk(bare_url, None, 2, args.connections)
                        baseline, mine = best_of_turns(bare_url, ours_url, token, args.duration, args.connections,
                                                       cookie)
                        title = path.replace(ready.application_id, "{id}").replace(ready.round_id, "{round}")
                        title = title.replace(ready.reference, "{ref}")
                        _report(f"GET {title} ({sizes[name]:,} bytes)", baseline, mine,
                                TARGET_RATIO if name in api else TARGET_PAGE_RATIO)


def _size(url: str, token: str | None, cookie: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {"Cookie": cookie or ""}
    answer = requests.get(url, timeout=10, headers=headers, allow_redirects=False)
    assert answer.status_code == 200, f"{url} answered {answer.status_code}"
    return len(answer.content)


def _report(title: str, baseline: Load, mine: Load, target: float) -> None:
    print(f"  {title}")
    figure("  baseline (bare Flask, constant JSON)",
           f"{baseline.requests_per_second:8,.0f} req/s  p50 {baseline.p50_ms:6.2f} ms  p99 {baseline.p99_ms:6.2f} ms")
    figure("  grants serve",
           f"{mine.requests_per_second:8,.0f} req/s  p50 {mine.p50_ms:6.2f} ms  p99 {mine.p99_ms:6.2f} ms")
    ratio = mine.requests_per_second / baseline.requests_per_second
    verdict("  ratio req/s grants / baseline", ratio, target)
    verdict("  p99 latency of grants serve (ms)", mine.p99_ms, TARGET_P99_MS, higher_is_better=False)


if __name__ == "__main__":
    main()
