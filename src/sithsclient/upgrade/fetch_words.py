"""A fetched signature certificate's own words (fetch_plan.py): its last step, terms, done page, terminal lines."""

from __future__ import annotations

from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.upgrade.operation import OperationWords
from sithsclient.upgrade.steps import Step

_FETCHED_UNBLOCKED = QT_TRANSLATE_NOOP(
    "Fetch",
    "The signature certificate was added. {names}: use the new PIN code you chose when you unblocked it.",
)

WORDS = OperationWords(
    context="Fetch",
    step_names={Step.DONE: QT_TRANSLATE_NOOP("Fetch", "The signature certificate is installed")},
    progress_title=QT_TRANSLATE_NOOP("Fetch", "Downloading the signature certificate"),
    terms_subtitle=QT_TRANSLATE_NOOP("Fetch", "Read this before the signature certificate is downloaded to your card."),
    terms_what=QT_TRANSLATE_NOOP(
        "Fetch",
        "The card of {holder} ({hsa_id}) gets a certificate for signing, beside its certificate for logging in. "
        "Nothing on the card is replaced or deleted.",
    ),
    terms_warning=QT_TRANSLATE_NOOP(
        "Fetch",
        "What you sign with this certificate is signed by you, as with a signature on paper. Fetch it only if your "
        "work needs it.",
    ),
    terms_ready=QT_TRANSLATE_NOOP(
        "Fetch",
        "Do not pull the card out of the reader until it is finished. It takes about {seconds} seconds. If the card "
        "comes out anyway, it waits and goes on when you put the same card back.",
    ),
    done_one=QT_TRANSLATE_NOOP(
        "Fetch", "The signature certificate was added in 1 second. Your PIN codes are the same as before."
    ),
    done_many=QT_TRANSLATE_NOOP(
        "Fetch", "The signature certificate was added in {s} seconds. Your PIN codes are the same as before."
    ),
    done_unblocked_one=_FETCHED_UNBLOCKED,
    done_unblocked_many=_FETCHED_UNBLOCKED,
    done_next=QT_TRANSLATE_NOOP(
        "Fetch", "Next: restart the programs you sign with, so that they find the new certificate."
    ),
    terminal_terms_heading=QT_TRANSLATE_NOOP("Fetch", "A signature certificate for {holder} ({hsa_id})"),
    terminal_terms_points=(
        QT_TRANSLATE_NOOP("Fetch", "- The card gets a certificate for signing; nothing on it is replaced."),
    ),
    already_headline=QT_TRANSLATE_NOOP("Fetch", "The card already has a signature certificate"),
    already_summary=QT_TRANSLATE_NOOP("Fetch", "Nothing needed to be done."),
    already_next=QT_TRANSLATE_NOOP("Fetch", "If you have trouble signing, contact your local IT support."),
    terminal_already_done=QT_TRANSLATE_NOOP("Fetch", "The card already has a signature certificate: nothing to do."),
)
