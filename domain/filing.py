"""Files kept with an application (see `domain.attachments`): who may add one, and the
event that records it — the content itself is kept apart, by its hash."""

from __future__ import annotations

from datetime import datetime

from domain.application_state import ApplicationState
from domain.attachments import MEDIA_TYPES, Attachment
from domain.base import GrantAggregate
from domain.commands import AddAttachment
from domain.errors import InvalidInput
from domain.values import Actor


class Filing(ApplicationState):
    """The attachments of an application."""

    class AttachmentAdded(GrantAggregate.Event):
        attachment: Attachment

        def apply(self, app: Filing) -> None:
            app.attachments[self.attachment.sha256] = self.attachment

    @property
    def files(self) -> dict[str, Attachment]:
        """The attachments, by their SHA-256."""
        return dict(self.attachments)

    def add_attachment(self, attachment: Attachment, actor: Actor, at: datetime) -> bool:
        """Keep a file with the application; False (nothing recorded) when it is there already."""
        self.check_may(AddAttachment.RULE, actor, at)
        if not isinstance(attachment, Attachment) or attachment.media_type not in MEDIA_TYPES:
            raise InvalidInput("file", "is not an accepted kind of file")
        if attachment.sha256 in self.files:
            return False
        self._record(self.AttachmentAdded, at, actor, attachment=attachment)
        return True
