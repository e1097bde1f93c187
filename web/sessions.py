"""The pages' session cookie: HttpOnly, SameSite=Lax, and Secure whenever the page is
served over HTTPS (directly, or behind a proxy that says so)."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface


class SecureWhenHttps(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure for HTTPS requests."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure
