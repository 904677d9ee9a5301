"""The upgrade's own words (upgrade_plan.py): its terms, its done page, its lines in the terminal."""

from __future__ import annotations

from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.upgrade.operation import OperationWords

WORDS = OperationWords(
    context="Upgrade",
    progress_title=QT_TRANSLATE_NOOP("Upgrade", "Downloading the new certificates"),
    terms_subtitle=QT_TRANSLATE_NOOP("Upgrade", "Read this before the new certificates are downloaded to your card."),
    terms_what=QT_TRANSLATE_NOOP(
        "Upgrade",
        "The card of {holder} ({hsa_id}) gets new certificates from SITHS eID. The {n} old certificates for logging "
        "in and signing are replaced: the new ones are installed and tested first, and only then are the old ones "
        "deleted.",
    ),
    terms_warning=QT_TRANSLATE_NOOP(
        "Upgrade",
        "Encrypted e-mail: e-mail that was encrypted to your old certificates can no longer be read after the "
        "upgrade. Move what you need to keep to another safe place before you start.",
    ),
    terms_ready=QT_TRANSLATE_NOOP(
        "Upgrade",
        "Do not pull the card out of the reader until the upgrade is finished. It takes about {seconds} seconds. If "
        "the card comes out anyway, the upgrade waits and goes on when you put the same card back.",
    ),
    done_one=QT_TRANSLATE_NOOP(
        "Upgrade", "The old certificates were replaced in 1 second. Your PIN codes are the same as before."
    ),
    done_many=QT_TRANSLATE_NOOP(
        "Upgrade", "The old certificates were replaced in {s} seconds. Your PIN codes are the same as before."
    ),
    done_unblocked_one=QT_TRANSLATE_NOOP(
        "Upgrade",
        "The old certificates were replaced in 1 second. {names}: use the new PIN code you chose when you unblocked "
        "it.",
    ),
    done_unblocked_many=QT_TRANSLATE_NOOP(
        "Upgrade",
        "The old certificates were replaced in {s} seconds. {names}: use the new PIN code you chose when you "
        "unblocked it.",
    ),
    done_next=QT_TRANSLATE_NOOP(
        "Upgrade",
        "Next: restart the programs that use the card (web browser, e-mail, the patient record system), so that "
        "they find the new certificates. You can take the card out now.",
    ),
    terminal_terms_heading=QT_TRANSLATE_NOOP("Upgrade", "Upgrade of the card of {holder} ({hsa_id})"),
    terminal_terms_points=(
        QT_TRANSLATE_NOOP("Upgrade", "- {n} certificates are replaced by new ones from SITHS eID."),
        QT_TRANSLATE_NOOP(
            "Upgrade",
            "- E-mail encrypted to your old certificates can no longer be read afterwards: move what you need first.",
        ),
    ),
    already_headline=QT_TRANSLATE_NOOP("Upgrade", "The card is already upgraded"),
    already_summary=QT_TRANSLATE_NOOP("Upgrade", "The card has SITHS eID certificates. Nothing needed to be done."),
    already_next=QT_TRANSLATE_NOOP("Upgrade", "If you have trouble logging in, contact your local IT support."),
    terminal_already_done=QT_TRANSLATE_NOOP("Upgrade", "The card is already upgraded: nothing to do."),
)

# What the card holds afterwards, by the issuing service's set (pki/card_set.py): the terms page says it, under
# the sentence of what is replaced. Said in the "Upgrade" context whichever operation replaces the set.
SET_TERMS = {
    "two": QT_TRANSLATE_NOOP(
        "Upgrade", "Afterwards the card holds two certificates with your HSA-id: one for logging in, one for signing."
    ),
    "four": QT_TRANSLATE_NOOP(
        "Upgrade",
        "Afterwards the card holds four certificates: a pair with your HSA-id and a pair with your personal "
        "identity number (personnummer), each pair one for logging in and one for signing.",
    ),
    "one": QT_TRANSLATE_NOOP(
        "Upgrade",
        "Afterwards the card holds one certificate, for logging in. It has none for signing: if your work needs "
        "one, it can be fetched later.",
    ),
}
SET_TERMS_OTHER = QT_TRANSLATE_NOOP("Upgrade", "Afterwards the card holds {n} certificates.")
# The done page, where the card holds an HSA-id pair and a personnummer pair: some programs then ask which to use.
WHICH_TO_PICK = QT_TRANSLATE_NOOP(
    "Upgrade",
    "When a program asks which certificate to use: pick the one with your HSA-id ({hsa_id}), issued by “SITHS "
    "e-id Person HSA-id 3 CA v1”. Only where the program asks for your personal identity number, pick the one "
    "with your personnummer, issued by “SITHS e-id Person ID 3 CA v1”.",
)
