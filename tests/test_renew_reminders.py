"""What `check` says of a card whose extra pair (another organisation's) ends soon: that organisation's card
office renews it, not this program; the card's own pair is still told as before."""

from __future__ import annotations

import datetime as dt

import pytest

from sithsclient.app.reminders import ReminderKind, reminders
from sithsclient.card.layouts import PinRole
from sithsclient.card.model import CardCertificate
from sithsclient.commands.check import describe
from sithsclient.commands.words import Words
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, Holder, PracticeHierarchy
from sithsclient.pki.inventory import CertificateInfo, assess
from sithsclient.status import CardReport
from tests.standins import UPGRADED, ScriptedCard

OTHER = Holder("Anna", "Andersson", "SE2120001234-S000000000777", organisation="Kommun Övning")


@pytest.fixture(scope="module")
def hierarchy() -> PracticeHierarchy:
    return PracticeHierarchy.create()


def card_with_pairs(hierarchy: PracticeHierarchy, own_days: int, extra_days: int) -> CardReport:
    """The own pair issued 300 days ago, the extra pair 100 days ago (added later), ending as asked."""
    card = ScriptedCard()
    now = dt.datetime.now(dt.UTC)
    certs = []
    for holder, age, left in ((PRACTICE_HOLDER, 300, own_days), (OTHER, 100, extra_days)):
        for purpose in UPGRADED:
            key_id = bytes([len(certs) + 1])
            key = card.put_key(key_id, purpose)
            cert = hierarchy.person_ca.issue(
                holder.subject(), key.public_key(), purpose, days=age + left, not_before=now - dt.timedelta(days=age)
            )
            certs.append(CardCertificate(CertificateInfo.of(cert), key_id, "cert", PinRole.AUTHENTICATION))
    return CardReport(card, certs, assess([c.info for c in certs]))


def test_an_extra_pair_ending_soon_is_its_organisations_to_renew(hierarchy: PracticeHierarchy) -> None:
    found = reminders([card_with_pairs(hierarchy, own_days=400, extra_days=20)])

    assert {(r.kind, r.organisation) for r in found} == {(ReminderKind.EXPIRES, "Kommun Övning")}
    said = describe(found[0], Words("sv"))
    assert "från Kommun Övning går ut" in said and "dess kortkontor förnyar det" in said, said


def test_the_cards_own_pair_ending_soon_is_told_as_before(hierarchy: PracticeHierarchy) -> None:
    found = reminders([card_with_pairs(hierarchy, own_days=20, extra_days=400)])

    assert {(r.kind, r.organisation) for r in found} == {(ReminderKind.EXPIRES, "")}
    assert "expires on" in describe(found[0], Words("en"))
