"""Logging in to the pages and out again. A login starts a server-side session (the
cookie holds only its random id); logging out ends it, so the old cookie no longer works."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, session, url_for

from domain.access import token_id
from web.auth import SESSION_ID, actor_for
from web.context import services
from web.page_sessions import PageSession
from web.pages.filters import local_target
from web.pages.routes import check_csrf, pages


@pages.route("/logg-inn", methods=["GET", "POST"])
def login() -> Any:
    target = local_target(request.values.get("neste", "")) or url_for("pages.home")
    error = None
    if request.method == "POST":
        check_csrf()
        token = request.form.get("token", "").strip()
        if actor_for(token) is not None:
            services().page_sessions.end(session.get(SESSION_ID))
            session.clear()
            session[SESSION_ID] = services().page_sessions.start(PageSession(str(token_id(token)), None, None))
            return redirect(target)
        error = "Tilgangsnøkkelen er ukjent eller trukket tilbake."
    return render_template("login.html", error=error, target=target), 401 if error else 200


@pages.route("/logg-ut", methods=["POST"])
def logout() -> Any:
    check_csrf()
    services().page_sessions.end(session.get(SESSION_ID))
    session.clear()
    return redirect(url_for("pages.home"))
