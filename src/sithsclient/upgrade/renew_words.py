"""The renewal's own words (renew_plan.py): its last step, its terms, its done page, its lines in the terminal."""

from __future__ import annotations

from sithsclient.codes import QT_TRANSLATE_NOOP
from sithsclient.upgrade.operation import OperationWords
from sithsclient.upgrade.steps import Step

WORDS = OperationWords(
    context="Renewal",
    step_names={Step.DONE: QT_TRANSLATE_NOOP("Renewal", "The certificates are renewed")},
    progress_title=QT_TRANSLATE_NOOP("Renewal", "Downloading the renewed certificates"),
    terms_subtitle=QT_TRANSLATE_NOOP("Renewal", "Read this before your certificates are renewed."),
    terms_what=QT_TRANSLATE_NOOP(
        "Renewal",
        "The card of {holder} ({hsa_id}) gets new certificates before the current ones expire. The {n} certificates "
        "that expire soon are replaced: the new ones are installed and tested first, and only then are the old ones "
        "deleted.",
    ),
    terms_warning=QT_TRANSLATE_NOOP(
        "Renewal",
        "Encrypted e-mail: e-mail that was encrypted to your current certificates can no longer be read after the "
        "renewal. Move what you need to keep to another safe place before you start.",
    ),
    terms_ready=QT_TRANSLATE_NOOP(
        "Renewal",
        "Do not pull the card out of the reader until the renewal is finished. It takes about {seconds} seconds. If "
        "the card comes out anyway, the renewal waits and goes on when you put the same card back.",
    ),
    terms_room=QT_TRANSLATE_NOOP(
        "Renewal",
        "This card cannot delete a key, so each renewal uses room of its own: after this one, room is left for "
        "{left} more. When it runs out, the card office gives you a new card.",
    ),
    done_one=QT_TRANSLATE_NOOP(
        "Renewal", "The certificates were renewed in 1 second. Your PIN codes are the same as before."
    ),
    done_many=QT_TRANSLATE_NOOP(
        "Renewal", "The certificates were renewed in {s} seconds. Your PIN codes are the same as before."
    ),
    done_unblocked_one=QT_TRANSLATE_NOOP(
        "Renewal",
        "The certificates were renewed in 1 second. {names}: use the new PIN code you chose when you unblocked it.",
    ),
    done_unblocked_many=QT_TRANSLATE_NOOP(
        "Renewal",
        "The certificates were renewed in {s} seconds. {names}: use the new PIN code you chose when you unblocked it.",
    ),
    done_next=QT_TRANSLATE_NOOP(
        "Renewal",
        "Next: restart the programs that use the card (web browser, e-mail, the patient record system), so that "
        "they find the new certificates. You can take the card out now.",
    ),
    terminal_terms_heading=QT_TRANSLATE_NOOP("Renewal", "Renewal of the certificates of {holder} ({hsa_id})"),
    terminal_terms_points=(
        QT_TRANSLATE_NOOP("Renewal", "- {n} certificates that expire soon are replaced by new ones."),
        QT_TRANSLATE_NOOP(
            "Renewal",
            "- E-mail encrypted to your current certificates can no longer be read afterwards: move what you need "
            "first.",
        ),
    ),
    already_headline=QT_TRANSLATE_NOOP("Renewal", "The certificates are not due for renewal yet"),
    already_summary=QT_TRANSLATE_NOOP(
        "Renewal", "The card's certificates are valid for a good while yet. Nothing needed to be done."
    ),
    already_next=QT_TRANSLATE_NOOP("Renewal", "You will be reminded when it is time to renew them."),
    terminal_already_done=QT_TRANSLATE_NOOP("Renewal", "The certificates are not due for renewal yet: nothing to do."),
)

# What the command line adds after "not due yet": the day the renewal can be done from.
DUE_FROM = QT_TRANSLATE_NOOP("Renewal", "They can be renewed from {date}.")
# The issuing service's set has a signature certificate the card lacks (the 2024 platform left it off): a renewal
# renews what the card has; the fetch adds the missing one.
FETCH_LATER = QT_TRANSLATE_NOOP(
    "Renewal",
    "The card has no signature certificate. The renewal does not add one: “Fetch a signature certificate…” on the "
    "card page (sithsclient fetch) does, afterwards.",
)
