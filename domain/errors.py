"""The domain's named errors: a shallow hierarchy, one base class per HTTP meaning.

Every guard in the domain raises one of these and records nothing. The web layer
maps the four base classes to status codes in one place: `InvalidInput` 422,
`NotPermitted` 403, `RuleViolation` 409, `NotFound` 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.impartiality import Tie


class GrantsError(Exception):
    """Base of every error the grant system raises on purpose."""


class InvalidInput(GrantsError):
    """A value is malformed: the request can never succeed as written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidAmount(InvalidInput):
    """An amount is not a positive NOK value with at most two decimals."""


class KeyNotWhole(InvalidInput):
    """The shares of a distribution key do not sum to exactly 1."""


class YearsMismatch(InvalidInput):
    """Amounts per year fall outside the round's years or do not sum to the amount."""


class DeadlineInPast(InvalidInput):
    """A deadline given for a new round has already passed (its problem type is
    `deadline-passed`, as a submission after the deadline)."""

    kind = "deadline-passed"


class InvalidOrganisationNumber(InvalidInput):
    """An organisation number is not 9 digits with a valid mod-11 check digit."""


class NotPermitted(GrantsError):
    """The acting person's role, organisation or community may not do this."""


class OutOfScope(NotPermitted):
    """The pool, round or application lies outside the scope of the acting membership
    (another owner, community or organisation). Answered exactly as a missing one is,
    so that its existence is not revealed."""


class NotYours(OutOfScope):
    """An applicant acts on another organisation's application."""


class NotFound(GrantsError):
    """No pool, round, application or token with that id."""


class EmailNotVerified(NotFound):
    """A first login whose e-mail address the identity provider has not verified: no
    registered person can be found by it."""


class RuleViolation(GrantsError):
    """A rule of the grant scheme forbids this now (the state must change first)."""


class WrongStatus(RuleViolation):
    """The application, round or pool is not in a status that allows this."""


class DeadlinePassed(RuleViolation):
    """The round's deadline has passed."""


class RoundClosed(RuleViolation):
    """The round is closed for submissions."""


class AlreadyScored(RuleViolation):
    """This assessor has already scored this application."""


class ConflictOfInterest(RuleViolation):
    """The person is a party to the case: they submitted it, or an organisation they
    belong to in any membership applies or partners (forvaltningsloven § 6). `tie`
    says which."""

    def __init__(self, message: str, tie: Tie | None = None) -> None:
        super().__init__(message)
        self.tie = tie


class Recused(RuleViolation):
    """The person has declared recusal for this application."""


class SeparationOfDuties(RuleViolation):
    """The same person may not both assess and decide, or decide and pay."""


class InsufficientFunds(RuleViolation):
    """The pool cannot cover the amount."""


class OverGranted(RuleViolation):
    """The amount exceeds what was requested, granted or paid."""


class AgreementMissing(RuleViolation):
    """No agreement between the parties has been registered yet."""


class AgreementParties(RuleViolation):
    """The agreement's parties are not the ones the scheme asks for: they are the
    application's parties, among them at least one hospital trust and one municipality
    (*enighet mellom helseforetak og kommuner*), unless the round is open to others."""


class NotAccepted(RuleViolation):
    """The recipient has not accepted the grant yet: nothing is paid before it does."""


class NotHeard(RuleViolation):
    """The party has not had its say: a reclaim, or a closure with less paid than granted,
    needs a notice first (forvaltningsloven § 16), and waits until the party has answered
    or the date to comment by has passed."""


class NoComplaint(RuleViolation):
    """No complaint waits on this step: the body reconsiders a received complaint, and
    the klageinstans decides a forwarded one."""


class NoQuorum(RuleViolation):
    """The body cannot decide the case: too few of its members are present and not recused."""


class ErasureRefused(RuleViolation):
    """A person's data is still needed: a case of theirs is open, the archive has not
    taken it in, or its retention has not run."""


class DecidedInMeeting(RuleViolation):
    """The owner has a deciding body: its decisions are taken in the body's meetings."""


class PaymentReferenceReused(RuleViolation):
    """The payment reference was already used for a different payment."""


class NotEligible(RuleViolation):
    """The application was screened as not eligible."""


class StaleVersion(RuleViolation):
    """The record changed since the client read it (its expected version is stale)."""


class ConcurrentChange(RuleViolation):
    """Others kept changing the same records; the command gave up retrying."""


class RequestKeyReused(InvalidInput):
    """An `Idempotency-Key` the caller already used for a different request."""


class RegisteredDifferently(RuleViolation):
    """An owner or community with this id is registered already, with other details."""


class NotAMember(RuleViolation):
    """The applicant is not a member of the health community it applies through."""


class OutsideRegion(RuleViolation):
    """The health community does not belong to the region of the pool's owner."""


class NotRegistered(RuleViolation):
    """An owner or health community a command names is not registered (admin registers it)."""


class ReportOverdue(RuleViolation):
    """A report of the grant is overdue: no further payment until it is received."""


class ReportMissing(RuleViolation):
    """A grant is closed only when its final report is accepted or the requirement waived."""


class HeldBack(RuleViolation):
    """The payment would reach into the share held back until the final report is accepted."""
