"""`Grants`: the application service — the use cases of every concern, on one event log.

Commands on an application are carried out by `run` (`application.changes`), each by
the step its concern's module registers: submission, assessment, information,
decisions, payments, reports, attachments. The other use cases are methods, called by
name: pools and rounds (`funding`), allocation, people and access, the registry,
letters."""

from __future__ import annotations

from application import assessment, attachments, complaints, decisions, information, reports  # noqa: F401 - their steps register
from application.allocation import AllocationUseCases
from application.disclosure import DisclosureUseCases
from application.identities import IdentityUseCases
from application.letters import LetterUseCases
from application.meetings import MeetingUseCases
from application.payments import PaymentUseCases
from application.privacy import PrivacyUseCases
from application.submissions import SubmissionUseCases


class Grants(AllocationUseCases, SubmissionUseCases, PaymentUseCases, IdentityUseCases, LetterUseCases,
             MeetingUseCases, DisclosureUseCases, PrivacyUseCases):
    """The grant system's event-sourced application: every use case, one event log."""
