"""Letter (*brev*): a decision letter, receipt or reminder about an application, kept
exactly as written, and when it was handed to the mail server — or why it cannot be
delivered (its recipient is not one e-mail address, or the mail server refused it).

A letter's id follows from what caused it (the event, or the reminder's occasion) and
its recipient, so writing it twice — after a crash, or from two processes — writes it
once. Its `message_id` is fixed when it is written: a letter sent again because the
sender died before the sending was recorded arrives as a recognisable duplicate."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import text
from domain.base import GrantAggregate
from domain.errors import InvalidInput
from domain.privacy import Address
from domain.text import require_text
from domain.values import Actor, email_fault

_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:tilskudd:letter")
DECISION_GRANTED, DECISION_REJECTED, RECEIPT, REMINDER, OVERDUE, QUESTION = (
    "vedtak-innvilget", "vedtak-avslag", "kvittering", "paminnelse", "purring", "sporsmal")
#: The decision to claim money back, with its due date and the complaint right.
DECISION_RECLAIM: Final = "vedtak-tilbakekreving"
#: A notice to the case workers that work has arrived for them (never to the applicant).
NOTICE: Final = "varsel"
#: Notice to the parties before a burdensome decision (forvaltningsloven § 16).
ADVANCE_NOTICE: Final = "forhandsvarsel"
#: A complaint's steps: received, the decision reversed, forwarded to the klageinstans,
#: and the klageinstans's decision.
COMPLAINT_RECEIVED, DECISION_REVERSED, COMPLAINT_FORWARDED, APPEAL_DECISION = (
    "klage-mottatt", "vedtak-omgjort", "klage-oversendt", "klagevedtak")
#: The answer to a request for access to a document (offentleglova § 31).
ACCESS_ANSWER: Final = "innsynssvar"
LETTER_KINDS: Final = (DECISION_GRANTED, DECISION_REJECTED, DECISION_RECLAIM, RECEIPT, REMINDER, OVERDUE, QUESTION,
                       NOTICE, ADVANCE_NOTICE, COMPLAINT_RECEIVED, DECISION_REVERSED, COMPLAINT_FORWARDED,
                       APPEAL_DECISION, ACCESS_ANSWER)
#: The application events that call for a letter to the parties, and its kind.
LETTER_OF_EVENT: Final[dict[str, str]] = {
    "Approved": DECISION_GRANTED, "Rejected": DECISION_REJECTED, "Submitted": RECEIPT,
    "InformationRequested": QUESTION, "FundsReclaimed": DECISION_RECLAIM, "NoticeGiven": ADVANCE_NOTICE,
    "ComplaintLodged": COMPLAINT_RECEIVED, "DecisionReversed": DECISION_REVERSED,
    "ComplaintForwarded": COMPLAINT_FORWARDED, "AppealDecided": APPEAL_DECISION,
}
#: Of those, the letters to the applicant only (the others go to the partners too).
TO_APPLICANT_ONLY: Final = ("Submitted", "InformationRequested")
#: Who is told by e-mail when an application event brings them work: the roles, each
#: within its scope (the application's community for the secretariat, its pool's owner
#: for the committee and finance), and only people who have not turned notices off.
NOTICES: Final[dict[str, tuple[str, ...]]] = {
    "Submitted": ("assessor",), "InformationProvided": ("assessor",), "ReportSubmitted": ("assessor", "finance"),
    "Prioritised": ("committee",), "AgreementRegistered": ("finance",), "GrantAccepted": ("finance",),
}
#: Why a letter cannot be delivered: its recipient is not one e-mail address, or the mail
#: server refused the recipient.
BAD_ADDRESS, REFUSED = "bad-address", "refused"
UNDELIVERABLE: Final = (BAD_ADDRESS, REFUSED)


class Letter(GrantAggregate):
    """One letter to one recipient."""

    class Written(GrantAggregate.Created):
        """Version 2 keeps the recipient's address sealed (`domain.privacy.Address`);
        version-1 records, with the address in the clear, are upcast so."""

        class_version = 2
        application_id: UUID
        kind: str
        recipient: Address
        subject: str
        body: str
        message_id: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["recipient"] = Address(state["recipient"])

        def apply(self, letter: Letter) -> None:
            letter.application_id, letter.kind, letter.recipient = self.application_id, self.kind, self.recipient.email
            letter.subject, letter.body, letter.message_id = self.subject, self.body, self.message_id
            letter.sent_at, letter.undeliverable = None, None

    class Sent(GrantAggregate.Event):
        def apply(self, letter: Letter) -> None:
            letter.sent_at = self.timestamp

    class Undeliverable(GrantAggregate.Event):
        """The letter cannot be sent: its `cause` (`BAD_ADDRESS`, `REFUSED`) and the
        details (kept, shown with the application)."""

        cause: str
        reason: str

        def apply(self, letter: Letter) -> None:
            letter.undeliverable = self.reason

    application_id: UUID
    kind: str
    recipient: str
    subject: str
    body: str
    message_id: str
    sent_at: datetime | None
    undeliverable: str | None

    def __init__(self) -> None:
        """Empty: the creation event's `apply` sets the state."""

    @staticmethod
    def id_for(occasion: str, recipient: str) -> UUID:
        """The id of the letter `occasion` (an event id and kind, or a reminder's) causes to `recipient`."""
        return uuid5(_NAMESPACE, f"{occasion}\n{recipient.lower()}")

    @classmethod
    def write(cls, occasion: str, application_id: UUID, kind: str, recipient: str, subject: str, body: str,
              actor: Actor, at: datetime, domain: str = "tilskudd.invalid") -> Letter:
        """Write the letter `occasion` causes to `recipient` (kept as written)."""
        letter_id = cls.id_for(occasion, recipient)
        return cls._create(cls.Written, id=letter_id, timestamp=at, actor=actor, application_id=application_id,
                           kind=kind, recipient=Address(recipient), subject=subject, body=body,
                           message_id=f"<{letter_id}@{domain}>")

    def record_sent(self, actor: Actor, at: datetime) -> bool:
        """Note that the mail server accepted the letter; False (nothing recorded) if it was noted before."""
        if self.sent_at is not None:
            return False
        self._record(self.Sent, at, actor)
        return True

    def mark_undeliverable(self, cause: str, reason: str, actor: Actor, at: datetime) -> bool:
        """Note that the letter cannot be delivered (`cause`, one of `UNDELIVERABLE`), and
        why; False (nothing recorded) when it was sent or so noted before."""
        if cause not in UNDELIVERABLE:
            raise InvalidInput("cause", f"must be one of {', '.join(UNDELIVERABLE)}")
        if self.sent_at is not None or self.undeliverable is not None:
            return False
        self._record(self.Undeliverable, at, actor, cause=cause, reason=require_text(reason, "reason", text.REASON))
        return True

    def recipient_fault(self) -> str | None:
        """Why the recipient is not one e-mail address (an address stored before the rule
        was as strict as now), or None."""
        return email_fault(self.recipient)
