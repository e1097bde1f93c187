"""Use case of files: keep an attachment with an application (its content is stored
apart, by hash, before this records it)."""

from __future__ import annotations

from uuid import UUID

from application.base import Outcome
from application.changes import ApplicationChanges
from application.retrying import retrying
from domain.application import Application
from domain.attachments import Attachment
from domain.base import CommandKey
from domain.values import Actor


class AttachmentUseCases(ApplicationChanges):
    """Files kept with applications."""

    @retrying
    def add_attachment(self, application_id: UUID | str, attachment: Attachment, actor: Actor,
                       expected_version: int | None = None,
                       request: CommandKey | None = None) -> Outcome[Application]:
        """Record that `attachment` (already stored by its hash) belongs to the application;
        the same content again records nothing (`created` False)."""
        application = self._application_for(application_id, actor)
        first = self._replayed_or_checked(application, application.reference, actor, request, expected_version)
        if first is not None:
            return first
        with application.answering(request):
            if not application.add_attachment(attachment, actor, self.now()):
                return Outcome(application, None, created=False)
        return Outcome(application, self._save(application))
