"""Use case of files: keep an attachment with an application (its content is stored
apart, by hash, before this records it)."""

from __future__ import annotations

from application.base import Outcome
from application.changes import Acting, ApplicationChanges, use_case
from domain.application import Application
from domain.commands import AddAttachment


@use_case(AddAttachment)
def add_attachment(service: ApplicationChanges, command: AddAttachment, acting: Acting) -> Outcome[Application]:
    """Record that the file (already stored by its hash) belongs to the application; the
    same content again records nothing (`created` False)."""
    application, first = service.load_for(command, acting)
    if first is not None:
        return first
    with application.answering(acting.request):
        if not application.add_attachment(command.attachment, acting.actor, service.now()):
            return Outcome(application, None, created=False)
    return Outcome(application, service._save(application))
