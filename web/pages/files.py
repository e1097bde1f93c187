"""Files on the application page: keep one with the application (the applicant, the
secretariat, the committee, finance) and download it — in scope, checked against its hash."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, request, url_for

from domain.attachments import MAX_ATTACHMENT_BYTES, attachment_of
from domain.commands import AddAttachment
from domain.errors import InvalidInput
from domain.values import APPLICANT, ASSESSOR, COMMITTEE, FINANCE, Actor
from infrastructure.sql import reading
from readmodels import listing
from web.auth import READERS, may_read
from web.context import services
from web.downloads import file_response
from web.pages.base import pages, require_page
from web.pages.forms import form_key, submitted


def allow_upload() -> None:
    """Let this request's body be as large as a file may be (other forms stay at 1 MiB);
    to be called before the form is read."""
    request.max_content_length = MAX_ATTACHMENT_BYTES + 256 * 1024


def keep_upload(application_id: UUID, actor: Actor) -> str | None:
    """Store the request's file (if one was chosen) and keep it with the application; its SHA-256."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None
    content = upload.read(MAX_ATTACHMENT_BYTES + 1)
    attachment = attachment_of(content, upload.filename, request.form.get("business_secret") == "ja")
    services().files.put(content)
    services().grants.run(AddAttachment(application_id, attachment), actor=actor, request=form_key("vedlegg"))
    return attachment.sha256


def _row(application_id: UUID, actor: Actor) -> dict[str, Any]:
    models = services().models
    with reading(models.engine) as connection:
        row = listing.application(connection, models.applications, str(application_id))
    if row is None or not may_read(actor, row):
        abort(404)
    return row


@pages.route("/soknader/<uuid:application_id>/vedlegg", methods=["POST"])
def upload(application_id: UUID) -> Any:
    allow_upload()
    actor = require_page(*READERS)
    reference = _row(application_id, actor)["reference"]  # outside one's scope: 404, as a missing one
    if actor.role not in (APPLICANT, ASSESSOR, COMMITTEE, FINANCE):
        abort(403)

    def run() -> object:
        if keep_upload(application_id, actor) is None:
            raise InvalidInput("file", "no file was chosen")
        return None

    from web.pages.casework import application_page

    return submitted(run, "Filen er lagt ved.", url_for("pages.lookup", referanse=reference) + "#filer",
                     lambda refusal: application_page(reference, refusal, "vedlegg"))


@pages.route("/soknader/<uuid:application_id>/vedlegg/<sha256>")
def download_file(application_id: UUID, sha256: str) -> Any:
    actor = require_page(*READERS)
    found = next((f for f in _row(application_id, actor)["document"].get("attachments", [])
                  if f["sha256"] == sha256), None)
    content = None if found is None else services().files.get(sha256)
    if found is None or content is None:
        abort(404)
    return file_response(found, content)
