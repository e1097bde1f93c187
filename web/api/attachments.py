"""Attachments: a file kept with an application (multipart upload; PDF, Office documents,
PNG or JPEG up to the size limit, the type read from the content), and its download,
checked against the hash it was stored under."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from domain.attachments import MAX_ATTACHMENT_BYTES, MEDIA_TYPES, attachment_of
from domain.commands import AddAttachment
from domain.values import APPLICANT, ASSESSOR, COMMITTEE, FINANCE
from readmodels.documents import application_document
from web.api.applications import readable_application
from web.api.common import COMMAND_ERRORS, QUERY_ERRORS, answered, blueprint, documented, query
from web.auth import require
from web.context import services
from web.downloads import file_response
from web.freshness import expected_version
from web.idempotency import command_key
from web.problems import Problem
from web.schemas import resources

blp = blueprint("attachments", "Files kept with an application: reports, agreements and answers.")
FILE_FORM = {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary",
             "description": f"PDF, Office document, PNG or JPEG, at most {MAX_ATTACHMENT_BYTES // 2**20} MB"},
    "business_secret": {"type": "string", "enum": ["true", "false"],
                        "description": "the file holds business secrets: the public journal lists it, "
                                       "never its content (offentleglova § 13)"}}}}}


@blp.route("/applications/<uuid:application_id>/attachments", methods=["POST"])
@blp.doc(requestBody={"required": True, "content": FILE_FORM})
@blp.response(201, resources.Application)
@blp.alt_response(200, schema=resources.Application, description="this file was kept with it before")
@documented(blp, *COMMAND_ERRORS)
def add_attachment(application_id: UUID) -> Any:
    """Keep a file with the application (the applicant, the secretariat, the committee,
    finance). The answer lists the application's files with their SHA-256."""
    actor = require(APPLICANT, ASSESSOR, COMMITTEE, FINANCE)
    request.max_content_length = MAX_ATTACHMENT_BYTES + 64 * 1024
    upload = request.files.get("file")
    if upload is None or set(request.files) != {"file"} or not set(request.form) <= {"business_secret"}:
        raise Problem(422, "send one file, as the multipart field `file`", kind="invalid-input",
                      errors={"file": ["required"]})
    secret = request.form.get("business_secret", "false")
    if secret not in ("true", "false"):
        raise Problem(422, "business_secret is true or false", kind="invalid-input",
                      errors={"business_secret": ["must be true or false"]})
    content = upload.read(MAX_ATTACHMENT_BYTES + 1)
    attachment = attachment_of(content, upload.filename or "vedlegg", secret == "true")
    readable_application(application_id, actor)  # 404 outside the person's scope, before storing anything
    services().files.put(content)
    outcome = services().grants.run(AddAttachment(application_id, attachment), actor=actor,
                                    expected_version=expected_version(), request=command_key())
    status = 201 if outcome.created and not outcome.replayed else 200
    return answered(application_document(outcome.value), outcome.position, status, outcome.replayed)


@blp.route("/applications/<uuid:application_id>/attachments/<sha256>", methods=["GET"])
@blp.doc(responses={"200": {"description": "the file, as it was stored, with the type read from its content "
                                           "when it was kept", "content": {
    media_type: {"schema": {"type": "string", "format": "binary"}} for media_type in MEDIA_TYPES}}})
@documented(blp, *QUERY_ERRORS)
@query
def download(application_id: UUID, sha256: str) -> Any:
    """One file of the application (everyone in scope), checked against its hash."""
    row = readable_application(application_id)
    found = next((f for f in row["document"].get("attachments", []) if f["sha256"] == sha256), None)
    content = None if found is None else services().files.get(sha256)
    if found is None or content is None:
        raise Problem(404, f"the application has no file {sha256[:64]}", kind="not-found")
    return file_response(found, content)
