"""`Grants`: the application service, one method per use case (see the mixins)."""

from __future__ import annotations

from application.allocation import AllocationUseCases
from application.assessment import AssessmentUseCases
from application.attachments import AttachmentUseCases
from application.decisions import DecisionUseCases
from application.funding import FundingUseCases
from application.identities import IdentityUseCases
from application.information import InformationUseCases
from application.letters import LetterUseCases
from application.payments import PaymentUseCases
from application.registry import RegistryUseCases
from application.reports import ReportUseCases
from application.submissions import SubmissionUseCases


class Grants(
    AllocationUseCases, FundingUseCases, SubmissionUseCases, AssessmentUseCases, DecisionUseCases, PaymentUseCases,
    ReportUseCases, InformationUseCases, AttachmentUseCases, IdentityUseCases, RegistryUseCases, LetterUseCases,
):
    """The grant system's event-sourced application: every use case, one event log."""
