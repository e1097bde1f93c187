"""Stored events name their class by topic; moving code must never change a topic,
or the events already in a store could no longer be read."""

from eventsourcing.utils import get_topic, resolve_topic

from domain.application import Application
from domain.payment_reference import PaymentReference
from domain.pool import FundingPool
from domain.round import Round

STORED_APPLICATION_EVENTS = [
    "Submitted", "Amended", "Withdrawn", "Screened", "Scored", "Prioritised", "RecusalDeclared", "Approved",
    "Rejected", "AgreementRegistered", "FundsDisbursed", "FundsReclaimed", "ReportDue", "ReportReceived", "Closed",
]


def test_application_events_keep_the_topics_they_were_stored_under() -> None:
    for name in STORED_APPLICATION_EVENTS:
        topic = f"domain.application:Application.{name}"
        event_class = getattr(Application, name)
        assert get_topic(event_class) == topic
        assert resolve_topic(topic) is event_class
        assert issubclass(event_class, Application.Event)


def test_other_aggregates_keep_their_module_in_the_topic() -> None:
    assert get_topic(FundingPool.Opened) == "domain.pool:FundingPool.Opened"
    assert get_topic(Round.Opened) == "domain.round:Round.Opened"
    assert get_topic(PaymentReference).startswith("domain.payment_reference:")
