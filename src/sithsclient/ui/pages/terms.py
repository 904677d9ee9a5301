"""The terms, as the old web page had them: what is replaced, the terms for the certificates themselves (the
organisation's own text or link from the configuration, else the program's summary of the SITHS holder's
terms), the encrypted-mail warning, and the checkbox "Jag godkänner villkoren" that must be ticked before
"Starta nedladdning" can be pressed. The PINs were given on the page before, so nothing here asks for them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout, QWizard, QWizardPage

from sithsclient.pki.card_set import CardSet
from sithsclient.ui import i18n
from sithsclient.ui.widgets.common import Notice, Tone, navigating, rich_text_escaped, scrolling, text_label
from sithsclient.upgrade.prompts import Terms
from sithsclient.upgrade.upgrade_words import SET_TERMS, SET_TERMS_OTHER


class TermsPage(QWizardPage):
    accepted = Signal()

    def __init__(self, terms_text: str | None = None, terms_url: str | None = None) -> None:
        super().__init__()
        self.setTitle(self.tr("Terms"))
        self.setSubTitle(self.tr("Read this before the new certificates are downloaded to your card."))
        self._waiting = False
        self.what = text_label()
        self.terms_box = QGroupBox(self.tr("The terms for your certificates"))
        self.holder_terms = text_label(terms_text or self._summary())
        self.holder_terms.setAccessibleDescription(self.tr("The terms for your certificates"))
        self.terms_link = text_label()
        if terms_url:
            words = self.tr('Your organisation\'s terms in full: <a href="{url}">{url}</a>')
            self.terms_link.setText(words.format(url=rich_text_escaped(terms_url)))
            self.terms_link.setTextFormat(Qt.TextFormat.RichText)
            self.terms_link.setOpenExternalLinks(True)
        self.terms_link.setVisible(bool(terms_url))
        box = QVBoxLayout(self.terms_box)
        box.addWidget(self.holder_terms)
        box.addWidget(self.terms_link)
        self.mail = Notice(Tone.WARNING)
        self.mail.setAccessibleName(self.tr("Encrypted e-mail"))
        self.ready = Notice(Tone.INFO)
        self.ready.setAccessibleName(self.tr("Before you start"))
        self.unblocked = Notice(Tone.SUCCESS)
        self.unblocked.setAccessibleName(self.tr("PIN code unblocked"))
        self.unblocked.setVisible(False)
        self.card_out = Notice(Tone.ERROR)
        self.card_out.setVisible(False)
        self.checkbox = QCheckBox(self.tr("I &accept the terms"))
        self.checkbox.setAccessibleName(self.tr("I accept the terms"))
        self.checkbox.toggled.connect(self.completeChanged)
        layout = scrolling(self)
        layout.addWidget(self.unblocked)
        layout.addWidget(self.what)
        layout.addWidget(self.terms_box)
        layout.addWidget(self.mail)
        layout.addWidget(self.ready)
        layout.addWidget(self.card_out)
        layout.addStretch(1)
        layout.addWidget(self.checkbox)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Start the download"))

    def _summary(self) -> str:
        return self.tr(
            "As the holder of a SITHS card you agree:\n"
            "• to keep the card and its PIN codes to yourself: never lend the card or tell anyone a PIN code;\n"
            "• to tell your card office at once if the card is lost or stolen, so that its certificates are "
            "revoked;\n"
            "• that what you sign with the card is signed by you, and that the certificates are used in your work."
        )

    def show_terms(self, terms: Terms) -> None:
        self._waiting = False
        self.checkbox.setChecked(False)
        self.checkbox.setEnabled(True)
        self._show(terms)
        self.checkbox.setFocus()
        self.completeChanged.emit()

    def _show(self, terms: Terms) -> None:
        """What this operation does to the card and what to know before, in its own words (operation.py)."""
        operation = terms.operation
        words = operation.words
        values = {
            "holder": terms.holder or "–",
            "hsa_id": terms.hsa_id or "–",
            "organisation": terms.organisation or "–",
            "n": terms.certificates_to_replace,
            "seconds": terms.seconds_expected,
        }
        self.setSubTitle(i18n.say(operation, words.terms_subtitle))
        what = i18n.say(operation, words.terms_what).format(**values)
        self.what.setText(f"{what}\n\n{held(terms.card_set)}" if terms.card_set is not None else what)
        self.mail.set_text(i18n.say(operation, words.terms_warning), Tone.WARNING)
        ready = i18n.say(operation, words.terms_ready).format(**values)
        if terms.runs_left is not None and words.terms_room:  # a card that cannot delete a key (PIV)
            ready += " " + i18n.say(operation, words.terms_room).format(left=terms.runs_left)
        if terms.fetch_later:  # a renewal: the service's set has a signature certificate the card lacks
            from sithsclient.upgrade.renew_words import FETCH_LATER

            ready += "\n\n" + i18n.say(operation, FETCH_LATER)
        self.ready.set_text(ready, Tone.INFO)

    def show_unblocked(self, role_name: str) -> None:
        """After the PUK: the PIN works again, with the new PIN code just chosen (empty: nothing to say)."""
        self.unblocked.set_text(
            self.tr("{name} is unblocked. From now on it is the new PIN code you chose.").format(name=role_name)
            if role_name
            else "",
            Tone.SUCCESS,
        )

    def set_card_out(self, out: bool) -> None:
        self.card_out.set_text(
            self.tr("The card is not in the reader. Put it back before you start.") if out else "", Tone.ERROR
        )

    def isComplete(self) -> bool:
        return self.checkbox.isChecked() and not self._waiting

    def validatePage(self) -> bool:
        if navigating(self):
            return True
        if self.isComplete():
            self._waiting = True
            self.checkbox.setEnabled(False)
            self.completeChanged.emit()
            self.accepted.emit()
        return False


def held(card_set: CardSet) -> str:
    """What the card holds afterwards, as the issuing service decided (pki/card_set.py)."""
    words = SET_TERMS.get(card_set.name)
    if words is None:
        return QCoreApplication.translate("Upgrade", SET_TERMS_OTHER).format(n=len(card_set.certificates))
    return QCoreApplication.translate("Upgrade", words)
