"""A card with an extra pair from another organisation whose own pair is renewed: the own pair is then the newest
on the card, and the card page, `check` and the next renewal must still tell the two pairs apart.

The practice card in-process, the practice issuing service over HTTP, the real engine: the extra pair fetched
with its order, then the own pair (due in 20 days) renewed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from sithsclient.app.reminders import reminders
from sithsclient.app.snapshot import card_snapshot
from sithsclient.card.model import KeyType_
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, PracticeHierarchy
from sithsclient.demo.inprocess import PracticeReader, PracticeSource
from sithsclient.demo.issuer.orders import ORDER_ORGANISATION
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.demo.issuer.standing import issue_for_card
from sithsclient.demo.vcard.provision import provision_practice_card
from sithsclient.enroll.client import CmpEnroller
from sithsclient.pki.inventory import assess
from sithsclient.pki.model import Purpose
from sithsclient.status import CardReport
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.extra import ExtraOrder, ExtraPairPlan
from sithsclient.upgrade.journal import JournalStore, Kind
from sithsclient.upgrade.plan import Plan
from sithsclient.upgrade.renew_plan import RenewPlan
from tests.fixtures.engine import ScriptedUser
from tests.fixtures.inprocess import PracticeCard

OTHER_HSA_ID = "SE2120001234-S000000000777"


def test_the_own_pair_renewed_after_an_extra_pair_is_still_the_cards_own(
    tmp_path: Path, hierarchy: PracticeHierarchy
) -> None:
    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer") as issuer:
        service = issuer.service

        def issue(subject: x509.Name, public: rsa.RSAPublicKey, purpose: Purpose) -> x509.Certificate:
            return issue_for_card(service.ledger, service.keys.issuing, subject, public, purpose, days=20)

        made, _certs = provision_practice_card(tmp_path / "card.json", hierarchy, two_pins=False, issue=issue)
        reader = PracticeReader(tmp_path / "card.json")
        reader.insert()
        practice = PracticeCard(reader, PracticeSource(reader), hierarchy, str(made.serial), False)
        store = JournalStore(tmp_path / "journal")
        order = issuer.add_order(OTHER_HSA_ID)
        assert order.secret is not None

        def run(plan: Plan) -> None:
            engine = Engine(
                practice.card(),
                plan,
                CmpEnroller(issuer.client_settings()),
                ScriptedUser([practice.pins] * 3),
                journal_store=store,
                key_type=KeyType_.EC_P256,
            )
            outcome = engine.run()
            assert outcome.ok, outcome

        run(ExtraPairPlan(ExtraOrder(order.reference, order.secret)))
        run(RenewPlan(renewal_days=60))

        card = practice.card()
        certs = card.certificates()
        renewed = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
        assert all(c.info.not_after > renewed for c in certs if c.info.hsa_id == PRACTICE_HOLDER.hsa_id), certs

        page = card_snapshot(card, [c.info for c in certs], store)
        assert (page.hsa_id, page.extra_hsa_id) == (PRACTICE_HOLDER.hsa_id, OTHER_HSA_ID)
        assert page.extra_organisation == ORDER_ORGANISATION

        # `check` with a window that reaches both pairs: only the extra pair is another organisation's to renew.
        found = reminders([CardReport(card, certs, assess([c.info for c in certs]))], warn_days=5000, own=store.own)
        said = {(r.purpose, r.organisation) for r in found}
        assert said == {(p, o) for p in (Purpose.AUTHENTICATION, Purpose.SIGNATURE) for o in ("", ORDER_ORGANISATION)}

        # A second renewal (a window wide enough), the extra pair's journal on another PC: the card's own pair is
        # renewed again, never the extra pair.
        store.path(card.serial, Kind.EXTRA).unlink()
        run(RenewPlan(renewal_days=5000))
        extra = {c.info.cert.serial_number for c in practice.card().certificates() if c.info.hsa_id == OTHER_HSA_ID}
        assert extra == {c.info.cert.serial_number for c in certs if c.info.hsa_id == OTHER_HSA_ID}
