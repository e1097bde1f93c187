"""OpenID Connect login for the pages (authorization code flow with PKCE, through
Authlib), configured by GRANTS_OIDC_ISSUER, GRANTS_OIDC_CLIENT_ID and
GRANTS_OIDC_CLIENT_SECRET — ID-porten, Entra ID, Keycloak or any other provider."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

PROVIDER = "idp"


@dataclass(frozen=True)
class OidcSettings:
    """Where the provider is and who we are to it."""

    issuer: str
    client_id: str
    client_secret: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> OidcSettings | None:
        """The settings, or None when GRANTS_OIDC_ISSUER is not set."""
        issuer = environ.get("GRANTS_OIDC_ISSUER", "").strip().rstrip("/")
        if not issuer:
            return None
        return cls(issuer, environ.get("GRANTS_OIDC_CLIENT_ID", "tilskudd"),
                   environ.get("GRANTS_OIDC_CLIENT_SECRET", ""))


def configure(app: Flask, settings: OidcSettings | None) -> None:
    """Register the provider with Authlib when it is configured."""
    app.extensions["tilskudd_oidc"] = None
    if settings is None:
        return
    from authlib.integrations.flask_client import OAuth  # a third of a second to import: only when used

    oauth = OAuth(app)
    oauth.register(
        PROVIDER, client_id=settings.client_id, client_secret=settings.client_secret or None,
        server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    app.extensions["tilskudd_oidc"] = oauth


def provider() -> Any:
    """The configured provider's client, or None."""
    oauth = current_app.extensions.get("tilskudd_oidc")
    return None if oauth is None else oauth.create_client(PROVIDER)


def dev_login_allowed(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the token-paste login is on (GRANTS_DEV_LOGIN=1; `make run` sets it)."""
    return environ.get("GRANTS_DEV_LOGIN", "").strip() == "1"
