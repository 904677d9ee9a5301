"""Every sentence the views derive from a stable code, a verdict or a card state, in one place.

The layers below speak English and stable codes (`pin.incorrect`, `service.refused`, ...); here they become
words a nurse understands, in her language, saying whom to call: the same sentence in the wizard, on the command
line and in the runbook. Unknown codes fall back to the engine's English sentence: a new code must never show an
empty page. The sentence per code is codes.py's; here are the words around it.

Qt-free, so that the command line (`check` at every logon) can use it without loading Qt: the wizard translates
with Qt's translator (ui/i18n.py sets it), the terminal with its reading of the same .qm (catalogue.py).
The Swedish lives in resources/translations/*.ts under the context "Texts".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sithsclient import advice, codes
from sithsclient.card.errors import CardError, PinState, PinStatus
from sithsclient.card.layouts import PinRole
from sithsclient.codes import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP  # the views mark their own with it
from sithsclient.pki.model import Generation, Purpose, Verdict

CONTEXT = "Texts"


Translate = Callable[[str, str], str]  # (context, English) -> the sentence in the chosen language

# The view's translator: Qt's for the wizard, the .qm read without Qt for the terminal. None: English.
_translate: Translate | None = None


def translate_with(translate: Translate | None) -> None:
    """Speak the language of `translate` from now on (the view that starts sets it)."""
    global _translate
    _translate = translate


def tr(text: str) -> str:
    return _translate(CONTEXT, text) if _translate is not None else text


# -- who helps (advice.py decides; here it is said) ---------------------------------------------------------

CONTACT_CARD_OFFICE = QT_TRANSLATE_NOOP(
    "Texts", "Contact your local card office (biträdande utgivare) and give them the error code."
)
CONTACT_IT = QT_TRANSLATE_NOOP("Texts", "Contact your local IT support and give them the error code.")
CONTACT_ORDERING_OFFICE = QT_TRANSLATE_NOOP(
    "Texts",
    "Contact the card office of the organisation that ordered the extra certificates, and give them the error code.",
)
CONTACT_NETWORK = QT_TRANSLATE_NOOP(
    "Texts", "Check that the computer is connected to the network. If it keeps failing, contact your local IT support."
)
CONTACT_PUK = QT_TRANSLATE_NOOP(
    "Texts",
    "Your PIN codes are in the code envelope you received with the card. If you cannot find them, order a PUK "
    "code from your local card office (biträdande utgivare); a new PUK code costs 150 kr.",
)
CONTACT_TRY_LATER = QT_TRANSLATE_NOOP(
    "Texts",
    "The fault is in the issuing service, not in your card or your computer. Try again later, for example in an "
    "hour. If it keeps failing, contact your local IT support and give them the error code.",
)
CONTACT_USER = QT_TRANSLATE_NOOP(
    "Texts", "You can put this right yourself: do what is said above, then try again. No one needs to be contacted."
)
CONTACT_NOTHING = QT_TRANSLATE_NOOP(
    "Texts", "Nothing needs to be done, and no one needs to be contacted. Start again when you are ready."
)

_HELPER = {
    advice.Helper.NOTHING: CONTACT_NOTHING,
    advice.Helper.USER: CONTACT_USER,
    advice.Helper.PIN_ENVELOPE: CONTACT_PUK,
    advice.Helper.TRY_LATER: CONTACT_TRY_LATER,
    advice.Helper.NETWORK: CONTACT_NETWORK,
    advice.Helper.IT_SUPPORT: CONTACT_IT,
    advice.Helper.CARD_OFFICE: CONTACT_CARD_OFFICE,
    advice.Helper.ORDERING_OFFICE: CONTACT_ORDERING_OFFICE,
}
_WHO = {
    advice.Helper.CARD_OFFICE: QT_TRANSLATE_NOOP("Texts", "Your card office: {contact}"),
    advice.Helper.IT_SUPPORT: QT_TRANSLATE_NOOP("Texts", "Your IT support: {contact}"),
}


def contact_line(helper: advice.Helper, contact: advice.Contact) -> str:
    """ "Ditt kortkontor: Kortkontoret, Region Exempel · 010-123 45 67"."""
    return tr(_WHO[helper]).format(contact=contact.line())


# -- what happened, by code (each code's one English sentence is in codes.py) -----------------------------


def error_text(code: str, fallback: str = "") -> str:
    """A sentence for `code` in the current language; the engine's own sentence if the code is new."""
    known = codes.find(code)
    if known is not None:
        return tr(known.says)
    return fallback or tr(codes.lookup(code).says)


def contact_for(code: str, known: dict[advice.Helper, advice.Contact] | None = None) -> str:
    """Whom to turn to for `code` (advice.py's table), with the organisation's own details where it configured
    them: the card office for the card and its certificates, IT support for the computer and the network, the
    code envelope (or a PUK) for PIN codes, later for a fault of the service, nobody after the person's own
    cancel."""
    helper = advice.advice_for(code).helper
    sentence = tr(_HELPER[helper])
    contact = advice.contact_of(helper, known or {})
    if contact is None:
        return sentence
    who = (
        advice.Helper.CARD_OFFICE
        if helper in (advice.Helper.CARD_OFFICE, advice.Helper.PIN_ENVELOPE)
        else (advice.Helper.IT_SUPPORT)
    )
    return f"{sentence}\n{contact_line(who, contact)}"


def retry_text(retry_safe: bool) -> str:
    if retry_safe:
        return tr(
            QT_TRANSLATE_NOOP(
                "Texts",
                "Your card still has a complete, working set of certificates. It is safe to try again: the upgrade "
                "goes on where it stopped.",
            )
        )
    return tr(QT_TRANSLATE_NOOP("Texts", "Do not try again before you have spoken with the people named below."))


# -- the card's verdict ---------------------------------------------------------------------------------

_VERDICT = {
    Verdict.MUST_UPGRADE: (
        QT_TRANSLATE_NOOP("Texts", "The card has certificates from the old SITHS hierarchy and must be upgraded."),
        QT_TRANSLATE_NOOP(
            "Texts",
            "Cards ordered before 2020-02-11 must get new certificates to keep working in national health-care "
            "services. The upgrade replaces the certificates for logging in and signing with new ones from SITHS eID.",
        ),
    ),
    Verdict.CURRENT: (
        QT_TRANSLATE_NOOP("Texts", "The card already has SITHS eID certificates. It does not need to be upgraded."),
        QT_TRANSLATE_NOOP("Texts", "If you have trouble logging in, contact your local IT support."),
    ),
    Verdict.SPARE_CARD: (
        QT_TRANSLATE_NOOP("Texts", "This is a spare card (reservkort). Spare cards are not upgraded."),
        QT_TRANSLATE_NOOP(
            "Texts", "If you need a new spare card, contact your local card office (biträdande utgivare)."
        ),
    ),
    Verdict.FOREIGN_CARD: (
        QT_TRANSLATE_NOOP(
            "Texts", "This card was issued by Telia or Skatteverket. It cannot be upgraded to SITHS eID."
        ),
        QT_TRANSLATE_NOOP(
            "Texts", "Order a SITHS card (eTjänstekort) from your local card office (biträdande utgivare)."
        ),
    ),
    Verdict.UNKNOWN: (
        QT_TRANSLATE_NOOP(
            "Texts", "The program does not recognise the certificates on this card, so it cannot upgrade it."
        ),
        QT_TRANSLATE_NOOP("Texts", "Contact your local IT support."),
    ),
}


def verdict_text(verdict: Verdict) -> str:
    return tr(_VERDICT[verdict][0])


def verdict_advice(verdict: Verdict) -> str:
    return tr(_VERDICT[verdict][1])


# -- words for the card's parts --------------------------------------------------------------------------

_PURPOSE = {
    Purpose.AUTHENTICATION: QT_TRANSLATE_NOOP("Texts", "Logging in (legitimering)"),
    Purpose.SIGNATURE: QT_TRANSLATE_NOOP("Texts", "Signing (underskrift)"),
    Purpose.ENCRYPTION: QT_TRANSLATE_NOOP("Texts", "Encryption"),
    Purpose.UNKNOWN: QT_TRANSLATE_NOOP("Texts", "Other use"),
}
_GENERATION = {
    Generation.LEGACY: QT_TRANSLATE_NOOP("Texts", "Old SITHS (must be replaced)"),
    Generation.CURRENT: QT_TRANSLATE_NOOP("Texts", "SITHS eID"),
    Generation.FOREIGN: QT_TRANSLATE_NOOP("Texts", "Telia / Skatteverket"),
    Generation.OTHER: QT_TRANSLATE_NOOP("Texts", "Not SITHS"),
}
_ROLE = {
    PinRole.AUTHENTICATION: QT_TRANSLATE_NOOP("Texts", "PIN for logging in (legitimering)"),
    PinRole.SIGNATURE: QT_TRANSLATE_NOOP("Texts", "PIN for signing (underskrift)"),
}
SHARED_PIN = QT_TRANSLATE_NOOP("Texts", "PIN code")


def purpose_name(purpose: Purpose) -> str:
    return tr(_PURPOSE[purpose])


def generation_name(generation: Generation) -> str:
    return tr(_GENERATION[generation])


def role_name(role: PinRole, *, shared: bool = False) -> str:
    return tr(SHARED_PIN) if shared else tr(_ROLE[role])


def role_subject(role: PinRole, *, shared: bool = False) -> str:
    """The PIN as the subject of a sentence: "PIN-koden är spärrad", "PIN för underskrift är spärrad"."""
    return tr(QT_TRANSLATE_NOOP("Texts", "The PIN code")) if shared else tr(_ROLE[role])


_PURPOSE_WORD = {
    Purpose.AUTHENTICATION: QT_TRANSLATE_NOOP("Texts", "logging in (legitimering)"),
    Purpose.SIGNATURE: QT_TRANSLATE_NOOP("Texts", "signing (underskrift)"),
    Purpose.ENCRYPTION: QT_TRANSLATE_NOOP("Texts", "encryption"),
    Purpose.UNKNOWN: QT_TRANSLATE_NOOP("Texts", "another use"),
}


def purpose_word(purpose: Purpose) -> str:
    """The purpose inside a sentence, in lower case: "Certifikatet för legitimering går ut ..."."""
    return tr(_PURPOSE_WORD[purpose])


def pin_status_text(status: PinStatus, *, after_wrong: bool = False) -> str:
    """The tries left, as the card tells them. `after_wrong`: just after a wrong PIN, where "a wrong PIN was
    entered before" would read as news of something earlier (cards that give no count say only "fewer than
    all, more than one")."""
    if after_wrong and status.tries_left is None and status.state is PinState.COUNT_LOW:
        return tr(QT_TRANSLATE_NOOP("Texts", "More than one try left"))
    if status.state is PinState.LOCKED:
        return tr(QT_TRANSLATE_NOOP("Texts", "Blocked: unblock it with your PUK code"))
    if status.tries_left == 1 or status.state is PinState.FINAL_TRY:
        return tr(QT_TRANSLATE_NOOP("Texts", "One try left"))
    if status.tries_left is not None:
        return tr(QT_TRANSLATE_NOOP("Texts", "{n} tries left")).format(n=status.tries_left)
    return {
        PinState.OK: tr(QT_TRANSLATE_NOOP("Texts", "No wrong tries")),
        PinState.COUNT_LOW: tr(QT_TRANSLATE_NOOP("Texts", "A wrong PIN was entered before")),
        PinState.UNKNOWN: tr(QT_TRANSLATE_NOOP("Texts", "The card does not tell how many tries are left")),
        PinState.FINAL_TRY: "",
        PinState.LOCKED: "",
    }[status.state]


def puk_status_text(status: PinStatus, *, after_wrong: bool = False) -> str:
    """The PUK's tries left, as the card tells them (`after_wrong` as for a PIN)."""
    if status.state is PinState.LOCKED:
        return tr(QT_TRANSLATE_NOOP("Texts", "The PUK code is blocked"))
    if status.state is PinState.COUNT_LOW and status.tries_left is None:
        if after_wrong:
            return tr(QT_TRANSLATE_NOOP("Texts", "More than one try left"))
        return tr(QT_TRANSLATE_NOOP("Texts", "A wrong PUK code was entered before"))
    return pin_status_text(status)


def pin_problem_text(problem: CardError, *, shared: bool = True) -> str:
    """Why the PIN page asks again. With two PINs it says which one was wrong."""
    status: PinStatus | None = getattr(problem, "status", None)
    role = getattr(problem, "role", None)  # the card layer's PinRole: named here, in the view's language
    if problem.code == "pin.incorrect":
        if isinstance(role, PinRole) and not shared:
            word = tr(_PURPOSE_WORD[Purpose.SIGNATURE if role is PinRole.SIGNATURE else Purpose.AUTHENTICATION])
            base = tr(QT_TRANSLATE_NOOP("Texts", "Wrong PIN code for {role}.")).format(role=word)
        else:
            base = tr(QT_TRANSLATE_NOOP("Texts", "Wrong PIN code."))
        return f"{base} {pin_status_text(status, after_wrong=True)}." if status is not None else base
    if problem.code == "puk.incorrect" and status is not None and status.state is not PinState.LOCKED:
        base = tr(QT_TRANSLATE_NOOP("Texts", "Wrong PUK code."))
        return f"{base} {puk_status_text(status, after_wrong=True)}."
    return error_text(problem.code, problem.message)


def validity_text(not_after: dt.datetime, days_left: int) -> str:
    date = not_after.date().isoformat()
    if days_left < 0:
        return tr(QT_TRANSLATE_NOOP("Texts", "expired {date}")).format(date=date)
    return tr(QT_TRANSLATE_NOOP("Texts", "to {date} ({days} days left)")).format(date=date, days=days_left)


# -- what the engine says while it works ------------------------------------------------------------------

_PROGRESS = {
    "generating a new key pair on the card": QT_TRANSLATE_NOOP("Texts", "Generating a new key pair on the card"),
    "fetching the new certificate": QT_TRANSLATE_NOOP("Texts", "Fetching the new certificate"),
    "installing the new certificate": QT_TRANSLATE_NOOP("Texts", "Installing and testing the new certificate"),
    "deleting the old certificate and its keys": QT_TRANSLATE_NOOP("Texts", "Deleting the old certificate"),
}


def progress_text(message: str, purpose: Purpose | None) -> str:
    text = tr(_PROGRESS[message]) if message in _PROGRESS else message
    return f"{purpose_name(purpose)}: {text}" if purpose is not None else text


def code_line(code: str) -> str:
    """The stable code, the same in both languages, for IT support."""
    return tr(QT_TRANSLATE_NOOP("Texts", "Error code: {code}")).format(code=code)
