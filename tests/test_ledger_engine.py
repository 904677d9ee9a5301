"""The engine on SoftHSM2 with a certificate received and not confirmed when the run stopped. Against a service
that can no longer say what became of its transaction, the certificate is revoked (rr) before another is asked
for, or, when the service refuses that, the run stops with `certificate.unsettled` and nothing more is issued.
Against one that revoked it (confirmed too late), another is asked for; for an extra pair, with the same code."""

from __future__ import annotations

import json
from pathlib import Path

from sithsclient.card.layouts import PinRole
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.issuer.server import IssuerServer
from sithsclient.enroll.client import CmpEnroller
from sithsclient.upgrade.engine import Engine
from sithsclient.upgrade.extra import ExtraOrder, ExtraPairPlan
from sithsclient.upgrade.journal import Journal, JournalStore, Kind
from sithsclient.upgrade.upgrade_plan import UpgradePlan
from tests.fixtures.engine import ScriptedUser, run_engine
from tests.fixtures.ledger import after_confirmation_timeout, assert_ledger_matches_card, ledger_story
from tests.fixtures.softhsm import SoftHsmCard

PINS = {PinRole.AUTHENTICATION: "123456", PinRole.SIGNATURE: "654321"}


class Killed(BaseException):
    """The process dies right after the journal took the certificate, before its certConf."""


class DiesAfterReceipt(JournalStore):
    """Dies right after the journal notes `at`: a certificate received, or (with "fetched") confirmed too."""

    def __init__(self, directory: Path, at: str) -> None:
        super().__init__(directory)
        self.at = at
        self.died = False

    def save(self, journal: Journal) -> None:
        super().save(journal)
        if not self.died and journal.history and self.at in journal.history[-1]["what"]:
            self.died = True
            raise Killed


def received_then_killed(
    softhsm_card: SoftHsmCard,
    issuer: IssuerServer,
    journals: Path,
    order: ExtraOrder | None = None,
    *,
    at: str = "to be confirmed",
) -> None:
    engine = Engine(
        softhsm_card.card,
        ExtraPairPlan(order) if order is not None else UpgradePlan(),
        CmpEnroller(issuer.client_settings()),
        ScriptedUser([PINS]),
        journal_store=DiesAfterReceipt(journals, at),
    )
    try:
        engine.run()
    except Killed:
        pass
    else:
        raise AssertionError("the run was not stopped at the receipt")
    softhsm_card.rediscover()  # a new process


def test_a_certificate_whose_transaction_the_service_lost_is_revoked_then_another_fetched(
    softhsm_card: SoftHsmCard, hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    journals = tmp_path / "journal"
    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer") as issuer:
        received_then_killed(softhsm_card, issuer, journals)
        path = JournalStore(journals).path(softhsm_card.card.serial)
        data = json.loads(path.read_text(encoding="utf-8"))
        pending = [p for p in data["pairs"] if p["state"] == "received"]
        assert len(pending) == 1
        pending[0]["pending"]["transaction_id"] = "00" * 16  # a transaction the service cannot tell about
        path.write_text(json.dumps(data), encoding="utf-8")

        run = run_engine(softhsm_card.card, issuer, journals, ScriptedUser([PINS]))
        assert run.outcome.ok, run.outcome
        story = list(ledger_story(issuer.service).values())
        # The authentication certificate received first, revoked; another for the same key; then the signature's.
        assert story == [["issued", "revoked"], ["issued", "confirmed"], ["issued", "confirmed"]], story
        on_card = [c.info.cert for c in softhsm_card.card.certificates()]
        assert_ledger_matches_card(issuer.service, on_card, after_timeout=False)


def test_a_revocation_the_service_refuses_stops_the_run_for_the_card_office(
    softhsm_card: SoftHsmCard, hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    journals = tmp_path / "journal"
    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer-a") as first:
        received_then_killed(softhsm_card, first, journals)
    # Another service of the same CA, which has no record of that certificate: it cannot confirm it, nor revoke it.
    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer-b") as other:
        run = run_engine(softhsm_card.card, other, journals, ScriptedUser([PINS]))
        assert (run.outcome.ok, run.outcome.code, run.outcome.retry_safe) == (False, "certificate.unsettled", False)
        assert ledger_story(other.service) == {}, "nothing was issued while a certificate is unsettled"
    history = [n["what"] for n in JournalStore(journals).load(softhsm_card.card.serial).history]  # type: ignore[union-attr]
    assert any("revocation refused" in what for what in history), history


def test_an_extra_pair_certificate_confirmed_too_late_is_fetched_again_with_the_same_code(
    softhsm_card: SoftHsmCard, hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    journals = tmp_path / "journal"
    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer") as issuer:
        made = issuer.add_order("SE2120001234-S000000000777")
        assert made.secret is not None
        order = ExtraOrder(made.reference, made.secret)
        received_then_killed(softhsm_card, issuer, journals, order)
        after_confirmation_timeout(issuer.service)  # the card stayed out long: the service revoked it
        run = run_engine(softhsm_card.card, issuer, journals, ScriptedUser([PINS]), order=order)
        assert run.outcome.ok, run.outcome
        story = list(ledger_story(issuer.service).values())
        # The late certConf refused (certRevoked); the same certificate of the order asked again with the same code.
        assert story == [["issued", "revoked", "refused"], ["issued", "confirmed"], ["issued", "confirmed"]], story
        on_card = [c.info.cert for c in softhsm_card.card.certificates()]
        assert_ledger_matches_card(issuer.service, on_card, after_timeout=False)


def test_the_certificates_of_an_order_given_up_are_revoked_before_their_keys_go(
    softhsm_card: SoftHsmCard, hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    journals = tmp_path / "journal"
    with IssuerServer.for_hierarchy(hierarchy, tmp_path / "issuer") as issuer:
        first, second = (issuer.add_order("SE2120001234-S000000000777") for _ in range(2))
        assert first.secret is not None and second.secret is not None
        # The first order's authentication certificate confirmed, then the process killed before it was installed.
        received_then_killed(softhsm_card, issuer, journals, ExtraOrder(first.reference, first.secret), at="fetched")
        run = run_engine(
            softhsm_card.card, issuer, journals, ScriptedUser([PINS]), order=ExtraOrder(second.reference, second.secret)
        )
        assert run.outcome.ok, run.outcome
        story = list(ledger_story(issuer.service).values())
        assert story == [["issued", "confirmed", "revoked"], ["issued", "confirmed"], ["issued", "confirmed"]], story
        on_card = [c.info.cert for c in softhsm_card.card.certificates()]
        assert_ledger_matches_card(issuer.service, on_card, after_timeout=False)
        history = [n["what"] for n in JournalStore(journals).load(softhsm_card.card.serial, Kind.EXTRA).history]  # type: ignore[union-attr]
        assert any("given up (order" in what and "revoked" in what for what in history), history
        assert any("leftover key" in what for what in history), history
