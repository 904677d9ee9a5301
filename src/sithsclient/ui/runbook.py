"""The IT-support runbook: for every stable code, what the person saw, what it means, whether running again is
safe, what to do and whom to send it to. Written to docs/runbook-sv.md and docs/runbook-en.md by
`make runbook` (scripts/runbook.py) from the program's own tables: the sentences the wizard shows
(`texts.error_text`), whom it names (`advice.py`, `texts.contact_for`), and the meanings below, so that the
runbook cannot say something else than the program. tests/test_runbook.py fails when a code has no entry.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from sithsclient import advice, texts
from sithsclient.texts import QT_TRANSLATE_NOOP

CONTEXT = "Runbook"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# What each code means, for the technician: the cause behind the person's sentence and where to look.
MEANING = {
    "cancelled": QT_TRANSLATE_NOOP(
        "Runbook", "The person pressed Cancel (or closed the window). Before any card write nothing is left behind."
    ),
    "terms.not_accepted": QT_TRANSLATE_NOOP("Runbook", "The terms were not accepted; nothing was written to the card."),
    "pin.final_try": QT_TRANSLATE_NOOP(
        "Runbook", "The PIN had one try left and the person chose not to risk it. No PIN was sent to the card."
    ),
    "pin.incorrect": QT_TRANSLATE_NOOP("Runbook", "The card said the PIN was wrong; one try was used."),
    "pin.format": QT_TRANSLATE_NOOP(
        "Runbook", "The PIN typed was not six digits, so it was not sent: no try was used."
    ),
    "pin.blocked": QT_TRANSLATE_NOOP(
        "Runbook", "The PIN is blocked after too many wrong tries and the PUK was not given."
    ),
    "puk.incorrect": QT_TRANSLATE_NOOP(
        "Runbook", "The PUK was wrong; the PIN stays blocked. Too many wrong PUKs block the card for good."
    ),
    "card.no_card": QT_TRANSLATE_NOOP("Runbook", "A reader is connected but no card is in it."),
    "card.removed": QT_TRANSLATE_NOOP(
        "Runbook",
        "The card left the reader during a run and did not come back in time. The journal holds where it stopped.",
    ),
    "card.wrong_card": QT_TRANSLATE_NOOP(
        "Runbook", "Another card than the one being upgraded was put in; the program never writes to it."
    ),
    "card.several": QT_TRANSLATE_NOOP(
        "Runbook", "More than one card is in the computer's readers, so the program does not guess which to use."
    ),
    "card.busy": QT_TRANSLATE_NOOP(
        "Runbook",
        "Another run of the program holds this card (a second window, or a command line beside the wizard). One "
        "run per card: the command line refuses, the wizard waits for the other. The lock goes with the process.",
    ),
    "card.no_reader": QT_TRANSLATE_NOOP(
        "Runbook",
        "No card reader is connected, or the smart card service (PC/SC, 'Smart Card' on Windows) is not running.",
    ),
    "card.no_module": QT_TRANSLATE_NOOP(
        "Runbook",
        "No card software (PKCS#11 module: Thales SAC eTPKCS11.dll, Net iD, ...) was found. `diagnose` lists "
        "the places tried; the MSI property PKCS11_MODULE sets it.",
    ),
    "card.not_supported": QT_TRANSLATE_NOOP(
        "Runbook", "The card software cannot do what the upgrade needs (for example make keys on this card)."
    ),
    "card.operation_failed": QT_TRANSLATE_NOOP(
        "Runbook", "The card or its software refused a command. The log names the command and the module's answer."
    ),
    "card.error": QT_TRANSLATE_NOOP("Runbook", "The card could not be used, for a reason the log gives."),
    "card.not_upgradable": QT_TRANSLATE_NOOP(
        "Runbook", "The card is not one that is upgraded: a spare card, a card of another issuer, or unknown."
    ),
    "card.full": QT_TRANSLATE_NOOP(
        "Runbook",
        "The card has no room for the new keys (the card software said so, or it ran out while a key was made). "
        "Nothing of the old set was removed; a half-made key was.",
    ),
    "card.changed": QT_TRANSLATE_NOOP(
        "Runbook",
        "The certificates on the card are not where the journal left them (another program changed the card?). "
        "The program stopped rather than guess.",
    ),
    "engine.incomplete": QT_TRANSLATE_NOOP(
        "Runbook", "Not every new certificate could be proven on the card, so the old ones were kept."
    ),
    "journal.unwritable": QT_TRANSLATE_NOOP(
        "Runbook",
        "The journal folder (the user's data folder, `diagnose` names it) is read-only or its disk full. The run "
        "refuses before any card write, since an upgrade without a journal could not resume. Free space or fix "
        "the folder's rights.",
    ),
    "bundle.unwritable": QT_TRANSLATE_NOOP(
        "Runbook",
        "`diagnose --bundle FILE` could not write the file (the folder is not there, or is read-only). The report "
        "itself was printed; choose another place for the bundle.",
    ),
    "internal.error": QT_TRANSLATE_NOOP(
        "Runbook", "A fault in the program itself. The journal keeps the progress; the log has the details."
    ),
    "config.no_issuer": QT_TRANSLATE_NOOP(
        "Runbook", "No issuing service address is set: issuer_url in the configuration or the MSI's ISSUER_URL."
    ),
    "config.invalid": QT_TRANSLATE_NOOP(
        "Runbook", "A configuration file or registry value is not valid; the message names the file and the key."
    ),
    "config.insecure_url": QT_TRANSLATE_NOOP(
        "Runbook", "The issuing service address is not https://, so it is refused."
    ),
    "network.failed": QT_TRANSLATE_NOOP("Runbook", "The connection to the issuing service failed."),
    "network.unreachable": QT_TRANSLATE_NOOP(
        "Runbook", "The issuing service could not be reached: no network, DNS, a firewall or a proxy."
    ),
    "network.timeout": QT_TRANSLATE_NOOP("Runbook", "The issuing service did not answer in time."),
    "network.tls": QT_TRANSLATE_NOOP(
        "Runbook",
        "The service's TLS certificate could not be verified: a proxy that breaks TLS, a wrong tls_ca_bundle, or "
        "the computer's clock.",
    ),
    "network.http_status": QT_TRANSLATE_NOOP(
        "Runbook", "The issuing service answered with an HTTP error (for example 500): a fault on its side."
    ),
    "network.too_large": QT_TRANSLATE_NOOP(
        "Runbook", "The answer was far larger than any real answer; it was not read."
    ),
    "network.content_type": QT_TRANSLATE_NOOP(
        "Runbook", "The answer was not a CMP message (often a proxy's or a login portal's web page)."
    ),
    "enroll.failed": QT_TRANSLATE_NOOP("Runbook", "The request for a certificate failed; the log says how."),
    "cmp.failed": QT_TRANSLATE_NOOP("Runbook", "The issuing service's answer could not be used."),
    "cmp.malformed": QT_TRANSLATE_NOOP("Runbook", "The answer was damaged or not valid CMP."),
    "cmp.unexpected": QT_TRANSLATE_NOOP("Runbook", "The service answered another kind of message than asked."),
    "cmp.transaction": QT_TRANSLATE_NOOP("Runbook", "The answer belonged to another transaction."),
    "cmp.nonce": QT_TRANSLATE_NOOP("Runbook", "The answer did not carry the request's nonce (a replay?)."),
    "cmp.protection": QT_TRANSLATE_NOOP(
        "Runbook",
        "The answer's signature did not hold, or was not by a trusted SITHS CA: something between the computer "
        "and the service, or a wrong trust setting.",
    ),
    "cmp.not_valid_now": QT_TRANSLATE_NOOP(
        "Runbook",
        "The answer's signature holds, but the service's signing certificate is not valid at the PC's time: the "
        "PC clock is years off (the error's detail gives both). Set the clock right; the run then goes on.",
    ),
    "cmp.mac": QT_TRANSLATE_NOOP("Runbook", "The answer's password-based protection did not hold (initial enrolment)."),
    "service.pending": QT_TRANSLATE_NOOP(
        "Runbook", "The service has not prepared the certificates yet and asked to be polled; it did not finish."
    ),
    "service.error": QT_TRANSLATE_NOOP("Runbook", "The issuing service reported an error of its own."),
    "service.refused": QT_TRANSLATE_NOOP(
        "Runbook",
        "The issuing service refused to issue: the card office has not allowed it, or the card is revoked.",
    ),
    "service.code_refused": QT_TRANSLATE_NOOP(
        "Runbook", "The reference or one-time code of an extra-pair order was not accepted."
    ),
    "service.code_used": QT_TRANSLATE_NOOP("Runbook", "The one-time code was used already; it works once."),
    "certificate.rejected": QT_TRANSLATE_NOOP(
        "Runbook", "The certificate the service sent failed the program's checks and was not installed."
    ),
    "certificate.wrong_key": QT_TRANSLATE_NOOP(
        "Runbook", "The certificate did not match the new key on the card; nothing was installed."
    ),
    "certificate.wrong_public_key": QT_TRANSLATE_NOOP(
        "Runbook", "The certificate is for another public key than the one made on the card."
    ),
    "certificate.wrong_subject": QT_TRANSLATE_NOOP("Runbook", "The certificate names another person."),
    "certificate.wrong_hsa_id": QT_TRANSLATE_NOOP("Runbook", "The certificate carries another HSA-ID than the card."),
    "certificate.wrong_key_usage": QT_TRANSLATE_NOOP(
        "Runbook", "The certificate is for another use (key usage) than the pair it should replace."
    ),
    "certificate.is_ca": QT_TRANSLATE_NOOP("Runbook", "The service sent a CA certificate instead of a personal one."),
    "certificate.untrusted_issuer": QT_TRANSLATE_NOOP(
        "Runbook", "The certificate does not chain to the trust anchors configured (trust / TRUST_ANCHORS)."
    ),
    "certificate.not_valid_now": QT_TRANSLATE_NOOP(
        "Runbook", "The new certificate is not valid at the computer's time: most often the PC clock is wrong."
    ),
    "extra.no_code": QT_TRANSLATE_NOOP("Runbook", "An extra-pair order was started without its one-time code."),
    "extra.code_argument": QT_TRANSLATE_NOOP(
        "Runbook",
        "The one-time code was given on the command line, where other users could read it; it was refused. Use "
        "--code-stdin.",
    ),
    "extra.limit": QT_TRANSLATE_NOOP("Runbook", "The card holds an extra pair already; a card holds one."),
    "extra.own_hsa_id": QT_TRANSLATE_NOOP("Runbook", "The order is for the card's own HSA-ID, not another one's."),
    "extra.present": QT_TRANSLATE_NOOP("Runbook", "The card holds this order's certificates already."),
    "extra.card_unsuitable": QT_TRANSLATE_NOOP(
        "Runbook", "Extra pairs go only on an ordinary SITHS card (not a spare or a foreign card)."
    ),
    "extra.upgrade_unfinished": QT_TRANSLATE_NOOP(
        "Runbook", "An upgrade of the card is half-way; it must be finished before an extra pair is added."
    ),
    "extra.order_changed": QT_TRANSLATE_NOOP(
        "Runbook", "The order names another HSA-ID now than when the extra pair was begun."
    ),
}

_AGAIN = {
    advice.Again.SAFE: QT_TRANSLATE_NOOP("Runbook", "Yes, at once: it goes on where it stopped."),
    advice.Again.AFTER_FIX: QT_TRANSLATE_NOOP("Runbook", "Yes, once the cause is put right."),
    advice.Again.ASK_FIRST: QT_TRANSLATE_NOOP(
        "Runbook", "Not before the one named below has looked: the same thing would happen again."
    ),
}

_SEND_TO = {
    advice.Helper.NOTHING: QT_TRANSLATE_NOOP("Runbook", "Nobody."),
    advice.Helper.USER: QT_TRANSLATE_NOOP("Runbook", "Nobody: the person puts it right."),
    advice.Helper.PIN_ENVELOPE: QT_TRANSLATE_NOOP("Runbook", "The card office, for a new PUK (150 kr)."),
    advice.Helper.TRY_LATER: QT_TRANSLATE_NOOP(
        "Runbook", "The issuing service's operator (through the card office) if it lasts."
    ),
    advice.Helper.NETWORK: QT_TRANSLATE_NOOP("Runbook", "Network / IT support."),
    advice.Helper.IT_SUPPORT: QT_TRANSLATE_NOOP("Runbook", "IT support (this runbook's reader)."),
    advice.Helper.CARD_OFFICE: QT_TRANSLATE_NOOP("Runbook", "The local card office (biträdande utgivare)."),
    advice.Helper.ORDERING_OFFICE: QT_TRANSLATE_NOOP("Runbook", "The card office of the ordering organisation."),
}


def codes() -> list[str]:
    return sorted(advice.ADVICE)


def anchor(code: str) -> str:
    """The entry's anchor in the runbook: the code itself, which is the same in both languages."""
    return code


def meaning(code: str) -> str:
    return _tr(MEANING[code]) if code in MEANING else ""


TITLE = QT_TRANSLATE_NOOP("Runbook", "# sithsclient: error codes for IT support")
INTRO = QT_TRANSLATE_NOOP(
    "Runbook",
    "Every stable code the program shows, what the person saw, what it means, whether running again is safe, "
    "and what to do. Generated from the program's own tables (`make runbook`); do not edit by hand.",
)
WHERE = QT_TRANSLATE_NOOP(
    "Runbook",
    "The code is the same in both languages. `sithsclient diagnose` and the wizard's IT-support view show the "
    "code of the last stop and point here.",
)
SAW = QT_TRANSLATE_NOOP("Runbook", "What the person saw")
MEANS = QT_TRANSLATE_NOOP("Runbook", "What it means")
AGAIN = QT_TRANSLATE_NOOP("Runbook", "Running again")
TOLD = QT_TRANSLATE_NOOP("Runbook", "What the program told the person to do")
SEND = QT_TRANSLATE_NOOP("Runbook", "Send it to")


def markdown(all_codes: Iterable[str] | None = None) -> str:
    """The whole runbook in the language of the translators installed now."""
    lines = [_tr(TITLE), "", _tr(INTRO), "", _tr(WHERE), ""]
    for code in all_codes or codes():
        entry = advice.advice_for(code)
        told = texts.contact_for(code).replace("\n", " ")
        lines += [
            f'<a id="{anchor(code)}"></a>',
            f"## `{code}`",
            "",
            f"- **{_tr(SAW)}:** {texts.error_text(code)}",
            f"- **{_tr(MEANS)}:** {meaning(code)}",
            f"- **{_tr(AGAIN)}:** {_tr(_AGAIN[entry.again])}",
            f"- **{_tr(TOLD)}:** {told}",
            f"- **{_tr(SEND)}:** {_tr(_SEND_TO[entry.helper])}",
            "",
        ]
    return "\n".join(lines)
