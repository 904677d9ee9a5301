"""The extra pair's own words (extra.py): its last step, its terms, its done page, its lines in the terminal."""

from __future__ import annotations

from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.upgrade.operation import OperationWords
from sithsclient.upgrade.steps import Step

_ADDED_UNBLOCKED = QT_TRANSLATE_NOOP(
    "ExtraPair",
    "The certificates from {organisation} were added. Your own certificates were not changed. {names}: use the new "
    "PIN code you chose when you unblocked it.",
)

WORDS = OperationWords(
    context="ExtraPair",
    # Nothing was upgraded: a pair was added.
    step_names={Step.DONE: QT_TRANSLATE_NOOP("ExtraPair", "The extra certificate pair is installed")},
    progress_title=QT_TRANSLATE_NOOP("ExtraPair", "Downloading the extra certificates"),
    terms_subtitle=QT_TRANSLATE_NOOP(
        "ExtraPair", "Read this before the extra certificates are downloaded to your card."
    ),
    terms_what=QT_TRANSLATE_NOOP(
        "ExtraPair",
        "The card gets an extra certificate pair from {organisation} for {holder} ({hsa_id}), for logging in and "
        "signing there. Your own certificates stay on the card and are not changed. A card can hold only one extra "
        "certificate pair.",
    ),
    # What the receiving organisation asks the holder to know (seed 000).
    terms_warning=QT_TRANSLATE_NOOP(
        "ExtraPair",
        "The two certificate pairs look alike: both carry your name. When a program asks you to choose a "
        "certificate, look at the organisation. Some systems cannot handle several certificates on one card and "
        "always take the one added last.",
    ),
    terms_ready=QT_TRANSLATE_NOOP(
        "ExtraPair",
        "Do not pull the card out of the reader until it is finished. It takes about {seconds} seconds. If the card "
        "comes out anyway, it waits and goes on when you put the same card back.",
    ),
    done_one=QT_TRANSLATE_NOOP(
        "ExtraPair",
        "The certificates from {organisation} were added in 1 second. Your own certificates were not changed, and "
        "your PIN codes are the same as before.",
    ),
    done_many=QT_TRANSLATE_NOOP(
        "ExtraPair",
        "The certificates from {organisation} were added in {s} seconds. Your own certificates were not changed, "
        "and your PIN codes are the same as before.",
    ),
    done_unblocked_one=_ADDED_UNBLOCKED,
    done_unblocked_many=_ADDED_UNBLOCKED,
    done_next=QT_TRANSLATE_NOOP(
        "ExtraPair",
        "Next: restart the programs that use the card. When a program asks which certificate to use, look at the "
        "organisation: the two pairs carry the same name. Some systems always take the certificate added last.",
    ),
    terminal_terms_heading=QT_TRANSLATE_NOOP(
        "ExtraPair", "An extra certificate pair from {organisation} for {holder} ({hsa_id})"
    ),
    terminal_terms_points=(
        QT_TRANSLATE_NOOP("ExtraPair", "- Your own certificates stay on the card, untouched."),
        QT_TRANSLATE_NOOP(
            "ExtraPair",
            "- The two pairs look alike (your name on both): when a system asks you to choose a certificate, look at "
            "the organisation. Some systems always take the last one added.",
        ),
        QT_TRANSLATE_NOOP("ExtraPair", "- A card can hold only one extra pair."),
    ),
)
