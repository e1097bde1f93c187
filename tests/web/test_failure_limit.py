"""The failed-authentication limit holds as configured across `grants serve --workers 2`
(counted in the system's database by default), and a flood of bad tokens from one
address — all clients behind one proxy — never locks out a valid token or page login."""

from __future__ import annotations

import re

import pytest
import requests

from application.service import Grants
from domain.values import AUDITOR
from tests.servers import serving
from tests.web.support import ISSUER

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
LIMIT = 10


def test_the_limit_holds_across_processes_and_valid_credentials_pass(postgres_url: str) -> None:
    grants = Grants(postgres_url)
    token, _ = grants.issue_token(AUDITOR, ISSUER, holder="Revisjon Nord")
    grants.close()
    env = {"GRANTS_AUTH_FAILURE_LIMIT": f"{LIMIT}/minute", "GRANTS_DEV_LOGIN": "1"}
    with serving(postgres_url, "--workers", "2", env=env) as server:
        def get(credential: str) -> requests.Response:  # a fresh connection: either process may answer
            return requests.get(server.url + "/api/v1/pools", timeout=30, headers={
                "Authorization": f"Bearer {credential}", "Connection": "close"})

        statuses = []
        for number in range(3 * LIMIT):
            statuses.append(get(f"tsk_guess_{number}").status_code)
            assert get(token).status_code == 200, f"the valid token after {number + 1} bad ones"
        assert statuses == [401] * LIMIT + [429] * (2 * LIMIT), statuses
        refused = get("tsk_guess_again")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        # A person logging in to the pages from the same address gets in too.
        browser = requests.Session()
        form = browser.get(server.url + "/logg-inn", timeout=30).text
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        assert csrf is not None
        login = browser.post(server.url + "/logg-inn", data={"token": token, "csrf_token": csrf.group(1)},
                             timeout=30, allow_redirects=False)
        assert login.status_code == 302, login.text[:300]


@pytest.mark.parametrize("trusted", [True, False], ids=["behind-a-trusted-proxy", "proxy-not-trusted"])
def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(postgres_url: str, trusted: bool) -> None:
    env = {"GRANTS_AUTH_FAILURE_LIMIT": f"{LIMIT}/minute", **({"GRANTS_TRUSTED_PROXY": "127.0.0.1"} if trusted else {})}
    with serving(postgres_url, "--workers", "2", env=env) as server:
        def guess(client: str) -> int:  # as the proxy forwards it
            return requests.get(server.url + "/api/v1/pools", timeout=30, headers={
                "Authorization": "Bearer tsk_guess", "X-Forwarded-For": client, "Connection": "close"}).status_code

        flood = [guess("10.0.0.1") for _ in range(LIMIT + 2)]
        assert flood[-1] == 429
        # Another client behind the same proxy: counted apart only when the proxy is trusted.
        assert guess("10.0.0.2") == (401 if trusted else 429)
