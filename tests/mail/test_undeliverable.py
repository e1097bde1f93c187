"""An address that cannot be delivered never holds up the letters after it: a stored
address that breaks today's rule (kept before the rule was as strict — a line separator,
a comma with a second address) and a recipient the mail server refuses are each marked
undeliverable in the log, reported by `grants letters run`, shown with the application,
and skipped; the 200 letters around them are all sent, each once, to one recipient."""

from __future__ import annotations

import os
import subprocess
import sys
from uuid import uuid4

from application.service import Grants
from domain.letter import RECEIPT
from domain.membership import Membership
from domain.person import Person
from infrastructure.sql import reading
from readmodels.mail import letters_of, unsent_letters
from readmodels.service import ReadModels
from tests.mail.conftest import Inbox
from tests.web.pageforms import logged_in
from tests.web.support import ISSUER, api_for
from web.app import create_app
from workloads.builders import NLSH, FakeClock, World

#: Addresses kept before the rule was as strict as now, and one the server refuses.
BAD = {"line separator": "p1\u2028@y.no", "comma": "p1@y.no,spy@evil.example"}
REFUSED = "finnes.ikke@example.no"


def _letters_run(url: str, inbox: Inbox) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from cli.main import main; main(['letters', 'run', '--once'])"],
                          env={**os.environ, "GRANTS_DATABASE_URL": url, "GRANTS_SMTP_URL": inbox.url},
                          capture_output=True, text=True, timeout=300)


def test_bad_addresses_are_skipped_and_reported_and_every_letter_around_them_is_sent(sqlite_url: str,
                                                                                     inbox: Inbox) -> None:
    grants = Grants(sqlite_url)
    about = uuid4()
    for number in range(100):
        assert grants.write_letter(f"before-{number}", about, RECEIPT, f"mottaker{number}@example.no",
                                   f"Kvittering {number}", "Brev.\n")
    for name, address in BAD.items():
        assert grants.write_letter(f"bad-{name}", about, RECEIPT, address, "Kvittering", "Brev.\n")
    assert grants.write_letter("refused", about, RECEIPT, REFUSED, "Kvittering", "Brev.\n")
    for number in range(100):
        assert grants.write_letter(f"after-{number}", about, RECEIPT, f"etter{number}@example.no",
                                   f"Kvittering {number}", "Brev.\n")

    first = _letters_run(sqlite_url, inbox)
    assert first.returncode == 0, first.stderr
    accepted = inbox.letters()
    assert len(accepted) == 200 and len({m["message_id"] for m in accepted}) == 200
    assert all(len(m["to"]) == 1 and "evil" not in m["to"][0] for m in accepted), "never a second recipient"
    reported = [line for line in first.stdout.splitlines() if line.startswith("undeliverable")]
    assert len(reported) == 3, first.stdout
    assert any("p1\\u2028@y.no" in line for line in reported) and any("550" in line for line in reported)
    assert "sent 200, undeliverable 3" in first.stdout

    # The log knows: each is marked once, with its cause; nothing is left waiting.
    models = ReadModels(grants)
    models.catch_up()
    with reading(models.engine) as connection:
        kept = letters_of(connection, models.audit, str(about))
        assert unsent_letters(connection, models.audit) == []
    marked = {k["recipient"]: k["undeliverable_cause"] for k in kept if k["undeliverable"]}
    assert marked == {BAD["line separator"]: "bad-address", BAD["comma"]: "bad-address", REFUSED: "refused"}
    assert sum(1 for k in kept if k["sent_at"]) == 200

    # A later run sends nothing again and reports nothing new.
    again = _letters_run(sqlite_url, inbox)
    assert again.returncode == 0 and "undeliverable" not in again.stdout, again.stdout
    assert len(inbox.letters()) == 200


def test_a_person_registered_with_an_address_the_rule_now_refuses_gets_no_letter_but_the_others_do(
        sqlite_url: str, clock: FakeClock, inbox: Inbox) -> None:
    grants = Grants(sqlite_url, clock=clock)
    api = api_for(create_app(sqlite_url, grants=grants), grants, clock)
    # As an older release stored it: the Registered event carries the address as it was typed.
    old = Person._create(Person.Registered, id=Person.id_for("Ola Gammel", None), timestamp=clock.now,
                         actor=ISSUER, name="Ola Gammel", email=BAD["comma"])
    grants.save(old)
    grants.grant_membership(old.id, Membership.of("applicant", org_no=NLSH.org_no), ISSUER)
    app = World(grants, clock).approved("500000")  # NLSH partners: its people get the decision letter
    first = _letters_run(sqlite_url, inbox)
    assert first.returncode == 0, first.stderr
    recipients = [m["to"] for m in inbox.letters()]
    assert recipients and all(len(to) == 1 for to in recipients)
    assert not any("evil" in to[0] for to in recipients)
    models = ReadModels(grants)
    models.catch_up()
    with reading(models.engine) as connection:
        kept = letters_of(connection, models.audit, str(app.id))
    refused = [k for k in kept if k["recipient"] == BAD["comma"]]
    assert refused and all(k["undeliverable_cause"] == "bad-address" and not k["sent_at"] for k in refused)
    assert any(k["sent_at"] for k in kept if k["recipient"] != BAD["comma"])
    # Shown with the application: over the API, and on its page in bokmål.
    letters = api.ok(api.get(f"/api/v1/applications/{app.id}/letters", "auditor"))["items"]
    assert {letter["recipient"] for letter in letters if letter["undeliverable"]} == {BAD["comma"]}
    page = logged_in(api, "auditor").get(f"/soknader?referanse={app.reference}").get_data(as_text=True)
    assert "kan ikke leveres" in page and "adressen er ikke én gyldig e-postadresse" in page
