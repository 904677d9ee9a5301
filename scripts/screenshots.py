#!/usr/bin/env python3
"""A screenshot of every page and dialog of the wizard, in Swedish and English, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py                  # both languages, docs/screenshots/
    QT_SCALE_FACTOR=2 .venv/bin/python scripts/screenshots.py --out /tmp/shots --check

The wizard's real widgets are drawn offscreen (`QWidget.grab()`), fed with real data types: certificates
made by the practice hierarchy, the engine's own events and outcomes. No card or rig is needed, so the set
is the same on every machine. `--check` also fails when a text does not fit its widget (a clipped label or
button), which is how the layout is tested with long strings and 200 % scaling.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from sithsclient.app.context import AppContext
from sithsclient.app.reminders import Reminder, ReminderKind
from sithsclient.app.snapshot import CardSnapshot, ReadersSnapshot, UnfinishedRun
from sithsclient.card.errors import PinIncorrectError, PinState, PinStatus
from sithsclient.card.layouts import PinRole
from sithsclient.config import Config
from sithsclient.demo.hierarchy import PRACTICE_HOLDER, Holder, PracticeHierarchy
from sithsclient.demo.issuer.orders import ORDER_ORGANISATION
from sithsclient.pki.inventory import CertificateInfo, assess
from sithsclient.pki.model import Purpose
from sithsclient.ui import i18n
from sithsclient.ui.dialogs.diagnostics import DiagnosticsDialog
from sithsclient.ui.dialogs.exception import ExceptionDialog
from sithsclient.ui.dialogs.extra_order import ExtraOrderDialog
from sithsclient.ui.dialogs.pin_questions import ChangePinDialog, FinalTryDialog, UnblockDialog
from sithsclient.ui.notify import ReminderTexts, ReminderWindow
from sithsclient.ui.practice_panel import PracticePanel
from sithsclient.ui.wizard import PageId, UpgradeWizard
from sithsclient.upgrade import events as ev
from sithsclient.upgrade.engine import Outcome
from sithsclient.upgrade.extra import EXTRA_PAIR
from sithsclient.upgrade.journal import JournalStore
from sithsclient.upgrade.prompts import PinRequest, Terms
from sithsclient.upgrade.upgrade_plan import UPGRADE

ROOT = Path(__file__).resolve().parent.parent
EXTRA_HSA_ID = "SE2120001234-S000000000777"

SCREEN = {"name": "screen", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96}


def offscreen_1080p() -> str:
    """Qt's offscreen platform with a 1920×1080 screen (its default is 800×800): with QT_SCALE_FACTOR=2 that
    is the 960×540 a 1080p laptop at 200 % offers, the case the layout must survive."""
    config = Path(tempfile.gettempdir()) / "sithsclient-offscreen-1080p.json"
    config.write_text(
        json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False, "screens": [SCREEN]})
    )
    return f"offscreen:configfile={config}"


READER = "Yubico YubiKey (sithsclient practice) 00 00"


class Practice:
    """What the practice panel shows, without starting a rig."""

    class Info:
        pin, puk, reader = "123456", "12345678", READER
        sig_pin, sig_puk = "123456", "12345678"  # two PINs with one code: the panel says it serves both

    info = Info()
    card_inserted = True
    pin_count = 2  # the two-PIN practice card: both block buttons show
    can_change_layout = True
    card_source = None

    def pull_card(self) -> None: ...
    def insert_card(self) -> None: ...
    def set_fault(self, fault: str) -> None: ...
    def set_card_set(self, name: str) -> None: ...
    def block_pin(self, role: str = "authentication") -> None: ...
    def set_pin_count(self, pins: int) -> None: ...
    def new_card(self) -> None: ...
    def order_extra_pair(self) -> tuple[str, str]:
        return "ORD-7K3M9Q2X", "K7QM-3XRT-9PLA"


class Cards:
    """Certificates as on a legacy practice card, after an upgrade, and on a spare card."""

    def __init__(self) -> None:
        hierarchy = PracticeHierarchy.create()

        def key() -> rsa.RSAPublicKey:
            return rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()

        self.legacy = [
            CertificateInfo.of(hierarchy.legacy_card_certificate(PRACTICE_HOLDER, key(), purpose))
            for purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
        ]
        self.current = [
            CertificateInfo.of(hierarchy.person_ca.issue(PRACTICE_HOLDER.subject(), key(), purpose, days=1826))
            for purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
        ]
        other = Holder(PRACTICE_HOLDER.given_name, PRACTICE_HOLDER.surname, EXTRA_HSA_ID, ORDER_ORGANISATION)
        self.extra = [
            CertificateInfo.of(hierarchy.person_ca.issue(other.subject(), key(), purpose, days=1826))
            for purpose in (Purpose.AUTHENTICATION, Purpose.SIGNATURE)
        ]
        self.spare = [
            CertificateInfo.of(
                hierarchy.spare_ca.issue(PRACTICE_HOLDER.subject(), key(), Purpose.AUTHENTICATION, days=180)
            )
        ]

    def snapshot(
        self,
        certificates: list[CertificateInfo],
        *,
        shared: bool = True,
        resumable: bool = False,
        pin: PinStatus | None = None,
        extra: bool = False,
    ) -> ReadersSnapshot:
        roles = (PinRole.AUTHENTICATION,) if shared else (PinRole.AUTHENTICATION, PinRole.SIGNATURE)
        card = CardSnapshot(
            serial="54747256",
            reader=READER,
            label="PIV_II",
            holder=PRACTICE_HOLDER.common_name,
            hsa_id=PRACTICE_HOLDER.hsa_id,
            shared_pin=shared,
            pins=tuple((role, pin or PinStatus(PinState.OK, 3)) for role in roles),
            certificates=tuple(certificates),
            verdict=assess(certificates).verdict,
            unfinished=(UnfinishedRun(UPGRADE.kind, "service.refused"),) if resumable else (),
            extra_hsa_id=EXTRA_HSA_ID if extra else "",
            extra_organisation=ORDER_ORGANISATION if extra else "",
        )
        if extra:
            card = replace(card, certificates=(*card.certificates, *self.extra))
        return ReadersSnapshot(True, (), (card,), "libykcs11.so")


class LongTranslator(QTranslator):
    """Pseudo-translation with every text half as long again, as a wordier language would make it: the
    layout test's "long strings" (seen as the language "long")."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if not source or (source.startswith("&") and len(source) < 3):
            return source
        words = source.split(" ")
        extra = " ".join(w.strip("&{}") + "ö" for w in words[: max(1, len(words) // 2)] if "{" not in w)
        return f"{source} {extra}".strip()


def settle(app: QApplication, seconds: float = 0.05) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def clipped(root: QWidget) -> list[str]:
    """Texts that do not fit the widget showing them."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 1:
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                if widget.height() + 1 < widget.heightForWidth(widget.width()):
                    found.append(f"label cut off at the bottom: {widget.text()[:60]!r}")
            elif widget.width() + 1 < widget.sizeHint().width():
                found.append(f"label cut off at the right: {widget.text()[:60]!r}")
        elif isinstance(widget, QAbstractButton) and widget.text() and widget.width() + 1 < widget.sizeHint().width():
            found.append(f"button too narrow: {widget.text()!r}")
    return found


class Gallery:
    def __init__(self, app: QApplication, out: Path, language: str, check: bool) -> None:
        self.app = app
        self.out = out
        self.language = language
        self.check = check
        self.problems: list[str] = []
        self.cards = Cards()
        scratch = Path(tempfile.mkdtemp(prefix="sithsclient-shots-"))
        # A module path that does not exist: the wizard's own card reading finds nothing, the gallery feeds it.
        config = Config(
            module=str(scratch / "no-module.so"),
            issuer_url="https://cmp.example.invalid/.well-known/cmp",
            # As an organisation sets them (configuration or MSI properties): shown on failure and PIN pages.
            card_office_name="Kortkontoret, Region Exempel",
            card_office_phone="010-123 45 67",
            it_support_name="IT-servicedesk",
            it_support_phone="010-765 43 21",
            it_support_web="https://it.region.example/sithskort",
        )
        self.context = AppContext(config=config, journal_store=JournalStore(scratch / "journal"))

    def shot(self, name: str, widget: QWidget) -> None:
        widget.show()
        settle(self.app)
        if self.check:
            found = clipped(widget)
            for _ in range(10):  # a long page on a busy machine lays out in more than one pass: wait for it
                if not found:
                    break
                settle(self.app, 0.2)
                found = clipped(widget)
            self.problems += [f"{self.language}/{name}: {p}" for p in found]
        path = self.out / f"{self.language}-{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    def wizard(self) -> Iterator[UpgradeWizard]:
        wizard = UpgradeWizard(self.context, watch=False)
        wizard.show()
        deadline = time.monotonic() + 10
        while wizard.card_queue.busy and time.monotonic() < deadline:
            settle(self.app)
        try:
            yield wizard
        finally:
            wizard.shutdown()
            wizard.close()
            wizard.deleteLater()

    def run(self) -> None:
        for step in self.steps():
            step()

    def steps(self) -> list[Callable[[], None]]:
        return [self.card_pages, self.pin_pages, self.run_pages, self.dialogs, self.side_windows, self.extra_pages]

    def card_pages(self) -> None:
        cards = self.cards
        for wizard in self.wizard():
            self.shot("01-card-no-module", wizard)
            wizard.card_page.show_snapshot(ReadersSnapshot(False, (), ()))
            self.shot("02-card-no-reader", wizard)
            from sithsclient.card.pcsc import ReaderState

            wizard.card_page.show_snapshot(ReadersSnapshot(True, (ReaderState(READER, False, b""),), ()))
            self.shot("03-card-no-card", wizard)
            wizard.card_page.show_snapshot(cards.snapshot(cards.legacy))
            self.shot("04-card-must-upgrade", wizard)
            wizard.card_page.show_snapshot(
                cards.snapshot(cards.legacy, shared=False, resumable=True, pin=PinStatus(PinState.COUNT_LOW, 2))
            )
            self.shot("05-card-resume-two-pins", wizard)
            wizard.card_page.show_snapshot(cards.snapshot(cards.spare))
            self.shot("06-card-spare", wizard)
            wizard.card_page.show_snapshot(cards.snapshot(cards.current))
            wizard.card_page.show_note(QCoreApplication.translate("UpgradeWizard", "The PIN code was changed."))
            self.shot("07-card-current", wizard)

    def pin_pages(self) -> None:
        for wizard in self.wizard():
            one = PinRequest([PinRole.AUTHENTICATION], {PinRole.AUTHENTICATION: PinStatus(PinState.OK, 3)})
            wizard.pin_page.show_request(one, shared=True)
            wizard.go_to(PageId.PINS)
            field = next(iter(wizard.pin_page.fields.values()))
            field.setText("1234")
            self.shot("08-pins-one", wizard)
            two = PinRequest(
                [PinRole.AUTHENTICATION, PinRole.SIGNATURE],
                {
                    PinRole.AUTHENTICATION: PinStatus(PinState.OK, 3),
                    PinRole.SIGNATURE: PinStatus(PinState.FINAL_TRY, 1),
                },
                PinIncorrectError(PinRole.SIGNATURE, PinStatus(PinState.FINAL_TRY, 1)),
            )
            wizard.pin_page.show_request(two, shared=False)
            wizard.pin_page.keyboard_hint.set_text(
                QCoreApplication.translate("PinEdit", "Caps Lock is on. A PIN code has digits only.")
            )
            self.shot("09-pins-two-wrong-final-try", wizard)
            wizard.pin_page.wipe()
            # A card that tells no count (ykcs11): right after a wrong PIN, with five digits typed again.
            low = PinStatus(PinState.COUNT_LOW, None)
            again = PinRequest(
                [PinRole.AUTHENTICATION], {PinRole.AUTHENTICATION: low}, PinIncorrectError(PinRole.AUTHENTICATION, low)
            )
            wizard.pin_page.show_request(again, shared=True)
            wizard.pin_page.keyboard_hint.set_text("")
            next(iter(wizard.pin_page.fields.values())).setText("12345")
            self.shot("31-pins-wrong-no-count", wizard)
            wizard.pin_page.wipe()

    def run_pages(self) -> None:
        for wizard in self.wizard():
            terms = Terms(PRACTICE_HOLDER.common_name, PRACTICE_HOLDER.hsa_id, 2, 60, UPGRADE)
            wizard.terms_page.show_terms(terms)
            wizard.go_to(PageId.TERMS)
            wizard.terms_page.checkbox.setChecked(True)
            self.shot("10-terms", wizard)
            page = wizard.progress_page
            page.reset(UPGRADE)
            now = time.monotonic()
            page.on_event(ev.StepStarted(ev.Step.GENERATE, at=now - 3.2))
            page.on_event(ev.Progress(ev.Step.GENERATE, "generating a new key pair on the card", Purpose.SIGNATURE))
            page.on_event(ev.StepDone(ev.Step.GENERATE, at=now - 1.1))
            page.on_event(ev.StepStarted(ev.Step.FETCH_INSTALL, at=now - 1.1))
            page.on_event(ev.Progress(ev.Step.FETCH_INSTALL, "fetching the new certificate", Purpose.AUTHENTICATION))
            wizard.go_to(PageId.PROGRESS)
            self.shot("11-progress", wizard)
            wizard.lock.show_removed("54747256", READER)
            self.shot("12-lock-card-removed", wizard.lock)
            wizard.lock.show_wrong_card("54747256")
            self.shot("13-lock-other-card", wizard.lock)
            wizard.lock.release()
            page.on_event(ev.StepDone(ev.Step.FETCH_INSTALL, at=now - 0.3))
            page.on_event(ev.StepStarted(ev.Step.DELETE_OLD, at=now - 0.3))
            page.on_event(ev.StepDone(ev.Step.DELETE_OLD, at=now - 0.1))
            page.on_event(ev.StepStarted(ev.Step.DONE, at=now - 0.1))
            page.on_event(ev.StepDone(ev.Step.DONE, at=now))
            page.on_event(ev.Finished(False, (), operation=UPGRADE))
            wizard.done_page.show_finished(UPGRADE, False, page.elapsed())
            wizard.done_page.show_card(self.cards.snapshot(self.cards.current).cards[0])
            wizard.go_to(PageId.DONE)
            self.shot("14-done", wizard)
        for wizard in self.wizard():
            for name, outcome in (
                ("15-failure-service-refused", Outcome(False, "service.refused", "Refused to issue.", retry_safe=True)),
                ("16-failure-not-retry-safe", Outcome(False, "card.changed", "The old ones moved.", retry_safe=False)),
                ("32-failure-service-fault", Outcome(False, "network.http_status", "HTTP 500.", retry_safe=True)),
            ):
                wizard.failure_page.show_outcome(outcome)
                wizard.outcome = outcome
                wizard.go_to(PageId.CARD)
                wizard.go_to(PageId.FAILURE)
                self.shot(name, wizard)

    def dialogs(self) -> None:
        for wizard in self.wizard():
            role = QCoreApplication.translate("Texts", "The PIN code")
            final = FinalTryDialog(role, wizard)
            self.shot("17-final-try", final)
            final.done(0)
            unblock = UnblockDialog(role, wizard)
            unblock.puk.setText("1234")
            self.shot("18-unblock-puk", unblock)
            unblock.done(0)
            change = ChangePinDialog(
                [
                    QCoreApplication.translate("Texts", "PIN for logging in (legitimering)"),
                    QCoreApplication.translate("Texts", "PIN for signing (underskrift)"),
                ],
                wizard,
            )
            self.shot("19-change-pin", change)
            change.done(0)
            diagnostics = DiagnosticsDialog(self.context.config, self.context.journal_store, wizard.card_queue, wizard)
            diagnostics.show_last_stop("service.refused")
            diagnostics.text.setPlainText(
                "sithsclient diagnostics, 2026-12-02T07:00:00+00:00\n\nsithsclient: 0.1.0\npython: 3.13.2\n\n"
                "Configuration:\n  read from: HKLM\\Software\\sithsclient\n"
                "  issuer_url: https://cmp.region.example/.well-known/cmp\n"
                "  card_office: Kortkontoret, Region Exempel · 010-123 45 67\n\n"
                f"PKCS#11 module: C:\\Windows\\System32\\eTPKCS11.dll (smart card service running)\n"
                f"Reader: {READER}: card\n"
                "Card 54747256 (piv) in Yubico YubiKey (sithsclient practice) 00 00: must_upgrade\n"
                "  PIN shared: ok, 3 tries left\n\n"
                "Issuing service: https://cmp.region.example/.well-known/cmp: answers (a TCP connection opens)\n"
                "Journals in C:\\Users\\anna\\AppData\\Local\\sithsclient\\journal: 1\n"
                "  card 54747256: running (authentication=key_ready, signature=planned) updated 2026-12-02T06:59\n"
                "    last error: The issuing service refused to issue. [service.refused] "
                "(runbook: runbook-en.md#service.refused)\n"
            )
            diagnostics.copy.setEnabled(True)
            diagnostics.save.setEnabled(True)
            self.shot("20-diagnostics", diagnostics)
            diagnostics.done(0)
            wizard._refuse_close = lambda: False  # type: ignore[method-assign]
            try:
                raise RuntimeError("an example of an unexpected error")
            except RuntimeError as exc:
                from sithsclient.ui.dialogs.exception import details_of

                crash = ExceptionDialog(details_of(type(exc), exc, exc.__traceback__))
            self.shot("21-unexpected-error", crash)
            crash.toggle.click()
            self.shot("22-unexpected-error-details", crash)
            crash.close()

    def side_windows(self) -> None:
        panel = PracticePanel(Practice())
        self.shot("23-practice-panel", panel)
        panel.shutdown()
        panel.close()
        texts = ReminderTexts()
        reminders = [
            Reminder(ReminderKind.EXPIRES, "54747256", "Anna Andersson", Purpose.AUTHENTICATION, 41, "2026-01-03"),
            Reminder(ReminderKind.EXPIRES, "54747256", "Anna Andersson", Purpose.SIGNATURE, 41, "2026-01-03"),
        ]
        window = ReminderWindow(texts.message(reminders), lambda: None)
        self.shot("24-reminder-expires", window)
        window.close()
        window = ReminderWindow(
            texts.message([Reminder(ReminderKind.MUST_UPGRADE, "54747256", "Anna Andersson")]), lambda: None
        )
        self.shot("25-reminder-must-upgrade", window)
        window.close()

    def extra_pages(self) -> None:
        """The extra certificate pair from another organisation (seeds 000, 003): its order, terms and end."""
        for wizard in self.wizard():
            wizard.card_page.show_snapshot(self.cards.snapshot(self.cards.legacy))
            order = ExtraOrderDialog(wizard, holder=PRACTICE_HOLDER.common_name)
            order.reference.setText("ORD-7K3M9Q2X")
            order.code.setText("K7QM-3XRT-9PLA")
            self.shot("26-extra-order", order)
            order.reject()
            terms = Terms(PRACTICE_HOLDER.common_name, EXTRA_HSA_ID, 0, 30, EXTRA_PAIR, ORDER_ORGANISATION)
            wizard.terms_page.show_terms(terms)
            wizard.go_to(PageId.TERMS)
            self.shot("27-extra-terms", wizard)
            page = wizard.progress_page
            page.reset(EXTRA_PAIR)
            now = time.monotonic()
            for step in (ev.Step.GENERATE, ev.Step.FETCH_INSTALL, ev.Step.DONE):
                page.on_event(ev.StepStarted(step, at=now - 1.0))
                page.on_event(ev.StepDone(step, at=now - 0.5))
            page.on_event(ev.Finished(False, (), operation=EXTRA_PAIR))
            wizard.go_to(PageId.PROGRESS)
            self.shot("28-extra-progress", wizard)
            wizard.done_page.show_finished(EXTRA_PAIR, False, 2.0, organisation=ORDER_ORGANISATION)
            wizard.done_page.show_card(self.cards.snapshot(self.cards.legacy, extra=True).cards[0])
            wizard.go_to(PageId.DONE)
            self.shot("29-extra-done", wizard)
        for wizard in self.wizard():
            wizard.card_page.show_snapshot(self.cards.snapshot(self.cards.legacy, extra=True))
            self.shot("30-card-with-extra-pair", wizard)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--lang", choices=("sv", "en", "long"), action="append", help="default: sv and en; long: wordier pseudo-text"
    )
    parser.add_argument("--check", action="store_true", help="fail when a text does not fit its widget")
    args = parser.parse_args(argv[1:])
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", offscreen_1080p())  # read when the QApplication is made
    app = QApplication.instance() or QApplication(["sithsclient-screenshots"])
    assert isinstance(app, QApplication)
    problems: list[str] = []
    long_strings = LongTranslator(app)
    for language in args.lang or ["sv", "en"]:
        i18n.install("en" if language == "long" else language)
        if language == "long":
            app.installTranslator(long_strings)
        gallery = Gallery(app, args.out, language, args.check)
        gallery.run()
        problems += gallery.problems
        app.removeTranslator(long_strings)
    for problem in problems:
        print(f"clipped: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
