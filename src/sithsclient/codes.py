"""Every stable code the program can stop with, and with each code everything that goes with it, in one place.

A code (`pin.blocked`, `service.refused`, ...) is what journals, logs, exit codes and IT support key on. Its member
here holds the one English sentence the person sees (the wizard, the command line and the runbook's "what the
person saw"; translated under the context "Texts"), what it means for IT support (the runbook, context "Runbook"),
who helps and whether running again is safe (advice.py says them), and the command line's exit code. The other
tables are views of this one: advice.py, texts.py, exitcodes.py, enroll/errors.py, ui/runbook.py.

Who helps follows the seed's FAQ: card and certificate matters go to the local card office (biträdande
utgivare), the computer and the network to IT support, PIN codes to the code envelope. A fault of the issuing
service itself is for neither to fix on the spot: try again later. A cancel is nobody's fault.

A StrEnum, so that a code compared with or stored as a string is that string. The Swedish lives in
resources/translations/sithsclient_sv.ts (scripts/translations.py extracts the marked sentences from here);
tests/test_codes.py fails when a code born in src/ is missing here or lacks its Swedish.
"""

from __future__ import annotations

from enum import StrEnum


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate; the views translate it later with the same context."""
    return text


class Helper(StrEnum):
    NOTHING = "nothing"  # the person's own choice; the card works as before
    USER = "user"  # the person at the card puts it right: the card back in, their own card, one reader
    PIN_ENVELOPE = "pin_envelope"  # the code envelope, or a PUK ordered from the card office
    TRY_LATER = "try_later"  # the issuing service has a fault of its own; if it lasts, IT support
    NETWORK = "network"  # the network connection; if it lasts, IT support
    IT_SUPPORT = "it_support"  # the computer: card software, settings, trust, the program itself
    CARD_OFFICE = "card_office"  # the card and its certificates: the local card office
    ORDERING_OFFICE = "ordering_office"  # an extra pair: the card office of the organisation that ordered it


class Again(StrEnum):
    SAFE = "safe"  # running again is safe at once: it goes on where it stopped
    AFTER_FIX = "after_fix"  # safe once the cause is put right (a reader connected, the network back)
    ASK_FIRST = "ask_first"  # not before the helper has looked: the same thing would happen again


# Exit codes of the command line. Scripts and IT support rely on every number: never renumber.
FAILED = 1  # a code without a number of its own
USAGE = 2  # the command line itself was wrong (argparse uses it too)
# Every failure of the issuing service, whatever its detail, is 30: the card is untouched, a later run resumes.
ISSUER = 30
# Every reason an extra certificate pair cannot go on this card (one extra pair per card, the order is for the
# card's own HSA-ID, an unfinished upgrade first, ...) is 21: nothing was changed on the card.
EXTRA = 21
# Every reason the card's own certificates cannot be renewed with this program (expired already, renewed by the
# card office, a card of the old kind) is 26: nothing was changed on the card.
RENEWAL = 26


class Code(StrEnum):
    """code, who helps, running again, exit code, the person's sentence ("Texts"), the meaning ("Runbook")."""

    helper: Helper
    again: Again
    exit_code: int
    says: str  # English; a view says it through its translator (texts.error_text)
    means: str  # English; the runbook translates it

    def __new__(cls, value: str, helper: Helper, again: Again, exit_code: int, says: str, means: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.helper, member.again, member.exit_code, member.says, member.means = helper, again, exit_code, says, means
        return member

    # One block per code, its parts in __new__'s order; formatted by hand, since one part per line would make
    # the table twice as long. A new code: a member here, then `scripts/translations.py update`, its Swedish in
    # the .ts, and `make runbook`.
    # fmt: off
    CANCELLED = ("cancelled", Helper.NOTHING, Again.SAFE, 40,
        QT_TRANSLATE_NOOP("Texts", "The upgrade was cancelled. The card works as before."),
        QT_TRANSLATE_NOOP("Runbook", "The person pressed Cancel (or closed the window). Before any card write nothing"
                                     " is left behind."))
    TERMS_NOT_ACCEPTED = ("terms.not_accepted", Helper.NOTHING, Again.SAFE, FAILED,
        QT_TRANSLATE_NOOP("Texts", "The terms were not accepted. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "The terms were not accepted; nothing was written to the card."))
    PIN_FINAL_TRY = ("pin.final_try", Helper.PIN_ENVELOPE, Again.SAFE, 11,
        QT_TRANSLATE_NOOP("Texts", "The PIN code has one try left and you chose not to use it. Nothing was sent to "
                                   "the card, and the card works as before."),
        QT_TRANSLATE_NOOP("Runbook", "The PIN had one try left and the person chose not to risk it. No PIN was sent "
                                     "to the card."))
    PIN_INCORRECT = ("pin.incorrect", Helper.PIN_ENVELOPE, Again.SAFE, 10,
        QT_TRANSLATE_NOOP("Texts", "The PIN code was wrong."),
        QT_TRANSLATE_NOOP("Runbook", "The card said the PIN was wrong; one try was used."))
    PIN_ARGUMENT = ("pin.argument", Helper.NOTHING, Again.AFTER_FIX, USAGE,
        QT_TRANSLATE_NOOP("Texts", "A PIN code is not taken on the command line, where others on this computer can "
                                   "read it, so it was refused unread: type it when asked, or give it on standard "
                                   "input with --pin-stdin. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "A PIN (or a number that looked like one) was given as an argument; it was "
                                     "refused without being used or logged. Type it when asked, or use --pin-stdin."))
    PIN_FORMAT = ("pin.format", Helper.PIN_ENVELOPE, Again.SAFE, 13,
        QT_TRANSLATE_NOOP("Texts", "A PIN code has 6 digits. Nothing was sent to the card."),
        QT_TRANSLATE_NOOP("Runbook", "The PIN typed was not six digits, so it was not sent: no try was used."))
    PIN_BLOCKED = ("pin.blocked", Helper.PIN_ENVELOPE, Again.SAFE, 12,
        QT_TRANSLATE_NOOP("Texts", "The PIN code is blocked. It can be unblocked with your PUK code."),
        QT_TRANSLATE_NOOP("Runbook", "The PIN is blocked after too many wrong tries and the PUK was not given."))
    PUK_INCORRECT = ("puk.incorrect", Helper.PIN_ENVELOPE, Again.SAFE, 14,
        QT_TRANSLATE_NOOP("Texts", "The PUK code was wrong. The PIN code is still blocked."),
        QT_TRANSLATE_NOOP("Runbook", "The PUK was wrong; the PIN stays blocked. Too many wrong PUKs block the card "
                                     "for good."))
    PUK_FINAL_TRY = ("puk.final_try", Helper.PIN_ENVELOPE, Again.SAFE, 15,
        QT_TRANSLATE_NOOP("Texts", "The PUK code has one try left and was not used. The PIN code is still blocked."),
        QT_TRANSLATE_NOOP("Runbook", "The PUK had one try left and the person chose not to use it; nothing was sent. "
                                     "A new PUK comes from the card office."))
    CARD_NO_CARD = ("card.no_card", Helper.USER, Again.SAFE, 5,
        QT_TRANSLATE_NOOP("Texts", "Insert your SITHS card (eTjänstekort) in the card reader."),
        QT_TRANSLATE_NOOP("Runbook", "A reader is connected but no card is in it."))
    CARD_REMOVED = ("card.removed", Helper.USER, Again.SAFE, 7,
        QT_TRANSLATE_NOOP("Texts", "The card was taken out of the reader and did not come back. The upgrade goes on "
                                   "where it stopped."),
        QT_TRANSLATE_NOOP("Runbook", "The card left the reader during a run and did not come back in time. The "
                                     "journal holds where it stopped."))
    CARD_WRONG_CARD = ("card.wrong_card", Helper.USER, Again.SAFE, 8,
        QT_TRANSLATE_NOOP("Texts", "Another card was put in the reader. It was not used."),
        QT_TRANSLATE_NOOP("Runbook", "Another card than the one being upgraded was put in; the program never writes "
                                     "to it."))
    CARD_SEVERAL = ("card.several", Helper.USER, Again.SAFE, FAILED,
        QT_TRANSLATE_NOOP("Texts", "Several cards are inserted. Leave only your own card in a reader."),
        QT_TRANSLATE_NOOP("Runbook", "More than one card is in the computer's readers, so the program does not guess "
                                     "which to use."))
    # Another run of this card (app/card_lock.py): let it finish.
    CARD_BUSY = ("card.busy", Helper.USER, Again.AFTER_FIX, 23,
        QT_TRANSLATE_NOOP("Texts", "An upgrade of this card is already running, in another window or from the command"
                                   " line. Let it finish first. Nothing was done here."),
        QT_TRANSLATE_NOOP("Runbook", "Another run of the program holds this card (a second window, or a command line "
                                     "beside the wizard). One run per card: the command line refuses, the wizard "
                                     "waits for the other. The lock goes with the process."))
    CARD_NO_READER = ("card.no_reader", Helper.IT_SUPPORT, Again.AFTER_FIX, 4,
        QT_TRANSLATE_NOOP("Texts", "No card reader was found. Connect the card reader to the computer."),
        QT_TRANSLATE_NOOP("Runbook", "No card reader is connected, or the smart card service (PC/SC, 'Smart Card' on "
                                     "Windows) is not running."))
    CARD_NO_MODULE = ("card.no_module", Helper.IT_SUPPORT, Again.AFTER_FIX, 3,
        QT_TRANSLATE_NOOP("Texts", "The card software (Net iD or the SITHS eID client) was not found on this "
                                   "computer."),
        QT_TRANSLATE_NOOP("Runbook", "No card software (PKCS#11 module: Thales SAC eTPKCS11.dll, Net iD, ...) was "
                                     "found. `diagnose` lists the places tried; the MSI property PKCS11_MODULE sets "
                                     "it."))
    CARD_NOT_SUPPORTED = ("card.not_supported", Helper.IT_SUPPORT, Again.ASK_FIRST, FAILED,
        QT_TRANSLATE_NOOP("Texts", "The card or its software cannot do what the upgrade needs."),
        QT_TRANSLATE_NOOP("Runbook", "The card software cannot do what the upgrade needs (for example make keys on "
                                     "this card)."))
    CARD_OPERATION_FAILED = ("card.operation_failed", Helper.IT_SUPPORT, Again.SAFE, FAILED,
        QT_TRANSLATE_NOOP("Texts", "The card refused an operation."),
        QT_TRANSLATE_NOOP("Runbook", "The card or its software refused a command. The log names the command and the "
                                     "module's answer."))
    CARD_ERROR = ("card.error", Helper.IT_SUPPORT, Again.SAFE, FAILED,
        QT_TRANSLATE_NOOP("Texts", "The card could not be used."),
        QT_TRANSLATE_NOOP("Runbook", "The card could not be used, for a reason the log gives."))
    CARD_NOT_UPGRADABLE = ("card.not_upgradable", Helper.CARD_OFFICE, Again.ASK_FIRST, 20,
        QT_TRANSLATE_NOOP("Texts", "This card cannot be upgraded."),
        QT_TRANSLATE_NOOP("Runbook", "The card is not one that is upgraded: a spare card, a card of another issuer, "
                                     "or unknown."))
    CARD_CHANGED = ("card.changed", Helper.CARD_OFFICE, Again.ASK_FIRST, FAILED,
        QT_TRANSLATE_NOOP("Texts", "The certificates on the card are not where the upgrade left them, so it stopped "
                                   "to be safe."),
        QT_TRANSLATE_NOOP("Runbook", "The certificates on the card are not where the journal left them (another "
                                     "program changed the card?). The program stopped rather than guess."))
    # No room for the new keys: the old set is intact, and the same would happen again.
    CARD_FULL = ("card.full", Helper.CARD_OFFICE, Again.ASK_FIRST, 22,
        QT_TRANSLATE_NOOP("Texts", "The card has no room for the new keys. It still has its old certificates and "
                                   "works as before."),
        QT_TRANSLATE_NOOP("Runbook", "The card has no room for the new keys (the card software said so, or it ran out"
                                     " while a key was made). Nothing of the old set was removed; a half-made key "
                                     "was."))
    ENGINE_INCOMPLETE = ("engine.incomplete", Helper.IT_SUPPORT, Again.SAFE, FAILED,
        QT_TRANSLATE_NOOP("Texts", "Not every new certificate was in place, so no old certificate was deleted."),
        QT_TRANSLATE_NOOP("Runbook", "Not every new certificate could be proven on the card, so the old ones were "
                                     "kept."))
    # The user's data folder is read-only or its disk full: nothing was done.
    JOURNAL_UNWRITABLE = ("journal.unwritable", Helper.IT_SUPPORT, Again.AFTER_FIX, 24,
        QT_TRANSLATE_NOOP("Texts", "The program cannot save its record of the upgrade on this computer (the disk is "
                                   "full or cannot be written), so it did not start. Nothing was done on the card."),
        QT_TRANSLATE_NOOP("Runbook", "The journal folder (the user's data folder, `diagnose` names it) is read-only "
                                     "or its disk full. The run refuses before any card write, since an upgrade "
                                     "without a journal could not resume. Free space or fix the folder's rights."))
    INTERNAL_ERROR = ("internal.error", Helper.IT_SUPPORT, Again.SAFE, 50,
        QT_TRANSLATE_NOOP("Texts", "The program met an error it did not expect. The upgrade saves its progress, so it"
                                   " can go on later."),
        QT_TRANSLATE_NOOP("Runbook", "A fault in the program itself. The journal keeps the progress; the log has the "
                                     "details."))
    # `diagnose --bundle` into a folder that cannot be written.
    BUNDLE_UNWRITABLE = ("bundle.unwritable", Helper.USER, Again.AFTER_FIX, FAILED,
        QT_TRANSLATE_NOOP("Texts", "The support bundle could not be written. Choose a folder that exists and can be "
                                   "written, for example your Desktop."),
        QT_TRANSLATE_NOOP("Runbook", "`diagnose --bundle FILE` could not write the file (the folder is not there, or "
                                     "is read-only). The report itself was printed; choose another place for the "
                                     "bundle."))
    CONFIG_NO_ISSUER = ("config.no_issuer", Helper.IT_SUPPORT, Again.AFTER_FIX, FAILED,
        QT_TRANSLATE_NOOP("Texts", "No issuing service is configured on this computer."),
        QT_TRANSLATE_NOOP("Runbook", "No issuing service address is set: issuer_url in the configuration or the MSI's"
                                     " ISSUER_URL."))
    CONFIG_INVALID = ("config.invalid", Helper.IT_SUPPORT, Again.AFTER_FIX, 6,
        QT_TRANSLATE_NOOP("Texts", "The program's settings are not valid."),
        QT_TRANSLATE_NOOP("Runbook", "A configuration file or registry value is not valid; the message names the file"
                                     " and the key."))
    CONFIG_INSECURE_URL = ("config.insecure_url", Helper.IT_SUPPORT, Again.AFTER_FIX, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service's address is not secure (it must start with https://)."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service address is not https://, so it is refused."))
    NETWORK_FAILED = ("network.failed", Helper.NETWORK, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The connection to the issuing service failed."),
        QT_TRANSLATE_NOOP("Runbook", "The connection to the issuing service failed."))
    NETWORK_UNREACHABLE = ("network.unreachable", Helper.NETWORK, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service could not be reached."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service could not be reached: no network, DNS, a firewall or a "
                                     "proxy."))
    NETWORK_TIMEOUT = ("network.timeout", Helper.NETWORK, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service did not answer in time."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service did not answer in time."))
    NETWORK_TLS = ("network.tls", Helper.IT_SUPPORT, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service's identity could not be verified, so the connection was "
                                   "stopped."),
        QT_TRANSLATE_NOOP("Runbook", "The service's TLS certificate could not be verified: a proxy that breaks TLS, a"
                                     " wrong tls_ca_bundle, or the computer's clock."))
    NETWORK_HTTP_STATUS = ("network.http_status", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service reported a fault."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service answered with an HTTP error (for example 500): a fault on "
                                     "its side."))
    NETWORK_TOO_LARGE = ("network.too_large", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service sent an answer that is far too large."),
        QT_TRANSLATE_NOOP("Runbook", "The answer was far larger than any real answer; it was not read."))
    NETWORK_CONTENT_TYPE = ("network.content_type", Helper.IT_SUPPORT, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service sent an answer of the wrong kind."),
        QT_TRANSLATE_NOOP("Runbook", "The answer was not a CMP message (often a proxy's or a login portal's web "
                                     "page)."))
    ENROLL_FAILED = ("enroll.failed", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "Fetching the new certificate failed."),
        QT_TRANSLATE_NOOP("Runbook", "The request for a certificate failed; the log says how."))
    CMP_FAILED = ("cmp.failed", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer from the issuing service could not be used."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service's answer could not be used."))
    CMP_MALFORMED = ("cmp.malformed", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer from the issuing service was damaged or unreadable."),
        QT_TRANSLATE_NOOP("Runbook", "The answer was damaged or not valid CMP."))
    CMP_UNEXPECTED = ("cmp.unexpected", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service answered something other than what was asked."),
        QT_TRANSLATE_NOOP("Runbook", "The service answered another kind of message than asked."))
    CMP_TRANSACTION = ("cmp.transaction", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer belonged to another request."),
        QT_TRANSLATE_NOOP("Runbook", "The answer belonged to another transaction."))
    CMP_NONCE = ("cmp.nonce", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer did not match the request."),
        QT_TRANSLATE_NOOP("Runbook", "The answer did not carry the request's nonce (a replay?)."))
    # An answer whose signature does not hold may not come from the SITHS service at all (a proxy, a wrong
    # trust setting): the computer's side is looked at first.
    CMP_PROTECTION = ("cmp.protection", Helper.IT_SUPPORT, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer could not be proven to come from the SITHS issuing service, so it was "
                                   "not used."),
        QT_TRANSLATE_NOOP("Runbook", "The answer's signature did not hold, or was not by a trusted SITHS CA: "
                                     "something between the computer and the service, or a wrong trust setting."))
    CMP_MAC = ("cmp.mac", Helper.IT_SUPPORT, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer from the issuing service could not be checked with your one-time code."
                                   " Check that the reference and the code are typed exactly as you were given them, "
                                   "and try again."),
        QT_TRANSLATE_NOOP("Runbook", "The answer's password-based protection did not hold (initial enrolment)."))
    # The PC's clock, almost always.
    CMP_NOT_VALID_NOW = ("cmp.not_valid_now", Helper.IT_SUPPORT, Again.AFTER_FIX, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The answer from the issuing service does not fit this computer's date and time. "
                                   "The computer's clock is most likely wrong: check its date and time, then try "
                                   "again."),
        QT_TRANSLATE_NOOP("Runbook", "The answer's signature holds, but the service's signing certificate is not "
                                     "valid at the PC's time: the PC clock is years off (the error's detail gives "
                                     "both). Set the clock right; the run then goes on."))
    SERVICE_PENDING = ("service.pending", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service has not finished preparing the certificates."),
        QT_TRANSLATE_NOOP("Runbook", "The service has not prepared the certificates yet and asked to be polled; it "
                                     "did not finish."))
    SERVICE_ERROR = ("service.error", Helper.TRY_LATER, Again.SAFE, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service reported an error."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service reported an error of its own."))
    SERVICE_REFUSED = ("service.refused", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The issuing service refused to issue new certificates."),
        QT_TRANSLATE_NOOP("Runbook", "The issuing service refused to issue: the card office has not allowed it, or "
                                     "the card is revoked."))
    SERVICE_CODE_REFUSED = ("service.code_refused", Helper.ORDERING_OFFICE, Again.AFTER_FIX, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The reference and one-time code were not accepted. Check that they are typed "
                                   "exactly as you were given them. A code typed wrongly too many times stops "
                                   "working."),
        QT_TRANSLATE_NOOP("Runbook", "The reference or one-time code of an extra-pair order was not accepted."))
    SERVICE_CODE_USED = ("service.code_used", Helper.ORDERING_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "This one-time code has been used already; it works only once. Ask for a new "
                                   "order."),
        QT_TRANSLATE_NOOP("Runbook", "The one-time code was used already; it works once."))
    CERTIFICATE_REJECTED = ("certificate.rejected", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back was not right for this card and was not installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate the service sent failed the program's checks and was not "
                                     "installed."))
    CERTIFICATE_UNSETTLED = ("certificate.unsettled", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "A certificate made for this card will not be used, and the issuing service did "
                                   "not accept to withdraw it. The card works as before."),
        QT_TRANSLATE_NOOP("Runbook", "A certificate issued for this card will never be installed (its confirmation "
                                     "came too late, or its attempt was given up) and the service refused its "
                                     "revocation (rr). Its serial number is in the journal's history; the card "
                                     "office revokes it, then running again goes on."))
    CERTIFICATE_WRONG_KEY = ("certificate.wrong_key", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The new certificate did not belong to the new key on the card. Nothing was "
                                   "installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate did not match the new key on the card; nothing was installed."))
    CERTIFICATE_WRONG_PUBLIC_KEY = ("certificate.wrong_public_key", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back was not for the new key on this card, so it was "
                                   "not installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate is for another public key than the one made on the card."))
    CERTIFICATE_WRONG_SUBJECT = ("certificate.wrong_subject", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back was made out to another person, so it was not "
                                   "installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate names another person."))
    CERTIFICATE_WRONG_HSA_ID = ("certificate.wrong_hsa_id", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back carries another HSA-ID, so it was not installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate carries another HSA-ID than the card."))
    CERTIFICATE_WRONG_KEY_USAGE = ("certificate.wrong_key_usage", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back is meant for another use, so it was not installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate is for another use (key usage) than the pair it should replace."))
    CERTIFICATE_IS_CA = ("certificate.is_ca", Helper.CARD_OFFICE, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back is not a personal certificate, so it was not "
                                   "installed."),
        QT_TRANSLATE_NOOP("Runbook", "The service sent a CA certificate instead of a personal one."))
    CERTIFICATE_UNTRUSTED_ISSUER = ("certificate.untrusted_issuer", Helper.IT_SUPPORT, Again.ASK_FIRST, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back was not issued by a SITHS CA this computer trusts,"
                                   " so it was not installed."),
        QT_TRANSLATE_NOOP("Runbook", "The certificate does not chain to the trust anchors configured (trust / "
                                     "TRUST_ANCHORS)."))
    CERTIFICATE_NOT_VALID_NOW = ("certificate.not_valid_now", Helper.IT_SUPPORT, Again.AFTER_FIX, ISSUER,
        QT_TRANSLATE_NOOP("Texts", "The certificate that came back is not valid today. Check the computer's date and "
                                   "time."),
        QT_TRANSLATE_NOOP("Runbook", "The new certificate is not valid at the computer's time: most often the PC "
                                     "clock is wrong."))
    EXTRA_NO_CODE = ("extra.no_code", Helper.ORDERING_OFFICE, Again.AFTER_FIX, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "No one-time code was given. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "An extra-pair order was started without its one-time code."))
    EXTRA_CODE_ARGUMENT = ("extra.code_argument", Helper.NOTHING, Again.AFTER_FIX, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "The one-time code is not taken on the command line, where others on this computer"
                                   " can read it: type it when asked, or give it on standard input with --code-stdin."
                                   " Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "The one-time code was given on the command line, where other users could read "
                                     "it; it was refused. Use --code-stdin."))
    EXTRA_LIMIT = ("extra.limit", Helper.ORDERING_OFFICE, Again.ASK_FIRST, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "The card already holds an extra certificate pair, and a card can hold only one. "
                                   "Nothing was changed."),
        QT_TRANSLATE_NOOP("Runbook", "The card holds an extra pair already; a card holds one."))
    EXTRA_OWN_HSA_ID = ("extra.own_hsa_id", Helper.ORDERING_OFFICE, Again.ASK_FIRST, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "The order is for the card's own HSA-ID; an extra certificate pair is for another "
                                   "organisation's. Nothing was changed."),
        QT_TRANSLATE_NOOP("Runbook", "The order is for the card's own HSA-ID, not another one's."))
    EXTRA_PRESENT = ("extra.present", Helper.NOTHING, Again.SAFE, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "The card already holds the certificates of this order. Nothing was changed."),
        QT_TRANSLATE_NOOP("Runbook", "The card holds this order's certificates already."))
    EXTRA_CARD_UNSUITABLE = ("extra.card_unsuitable", Helper.ORDERING_OFFICE, Again.ASK_FIRST, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "Extra certificates can be added only to an ordinary SITHS card. Nothing was "
                                   "changed."),
        QT_TRANSLATE_NOOP("Runbook", "Extra pairs go only on an ordinary SITHS card (not a spare or a foreign card)."))
    EXTRA_UPGRADE_UNFINISHED = ("extra.upgrade_unfinished", Helper.USER, Again.AFTER_FIX, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "An upgrade of this card is not finished. Finish it first, then add the extra "
                                   "certificates."),
        QT_TRANSLATE_NOOP("Runbook", "An upgrade of the card is half-way; it must be finished before an extra pair is"
                                     " added."))
    EXTRA_ORDER_CHANGED = ("extra.order_changed", Helper.ORDERING_OFFICE, Again.ASK_FIRST, EXTRA,
        QT_TRANSLATE_NOOP("Texts", "The order now names another HSA-ID than when the extra certificates were begun."),
        QT_TRANSLATE_NOOP("Runbook", "The order names another HSA-ID now than when the extra pair was begun."))
    # Renewal (upgrade/renew_plan.py): a key update needs a certificate that is still valid to prove who asks.
    RENEWAL_EXPIRED = ("renewal.expired", Helper.CARD_OFFICE, Again.ASK_FIRST, RENEWAL,
        QT_TRANSLATE_NOOP("Texts", "A certificate on the card has already expired, so it cannot be renewed from here. "
                                   "Contact your card office. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "A certificate of the card's own pair has expired; a key update must be proven "
                                     "by a valid certificate (RFC 9483 4.1.3), so only the card office can issue new "
                                     "ones."))
    RENEWAL_CARD_OFFICE = ("renewal.card_office", Helper.CARD_OFFICE, Again.ASK_FIRST, RENEWAL,
        QT_TRANSLATE_NOOP("Texts", "In your organisation the card office renews certificates. Contact it before they "
                                   "expire. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "The configuration says renewal = \"card_office\": the holder does not renew with "
                                     "this program."))
    RENEWAL_UPGRADE_FIRST = ("renewal.upgrade_first", Helper.USER, Again.AFTER_FIX, RENEWAL,
        QT_TRANSLATE_NOOP("Texts", "The card has certificates of the old kind. Upgrade it instead: that gives it new "
                                   "certificates. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "The card must be upgraded (or an upgrade of it is half-way); the upgrade, not a "
                                     "renewal, replaces its certificates."))
    RENEWAL_UNSUITABLE = ("renewal.unsuitable", Helper.CARD_OFFICE, Again.ASK_FIRST, RENEWAL,
        QT_TRANSLATE_NOOP("Texts", "The certificates on this card cannot be renewed with this program. Contact your "
                                   "card office. Nothing was changed on the card."),
        QT_TRANSLATE_NOOP("Runbook", "Not an ordinary current SITHS eID card (a spare card, another issuer's card, "
                                     "no own pair): the card office renews it."))
    # fmt: on


_BY_VALUE: dict[str, Code] = {code.value: code for code in Code}

# A code this program does not know (a journal written by a later version, say) is treated as its family's.
FAMILY: dict[str, Code] = {
    "card": Code.CARD_ERROR,
    "pin": Code.PIN_INCORRECT,
    "puk": Code.PUK_INCORRECT,
    "network": Code.NETWORK_FAILED,
    "cmp": Code.CMP_FAILED,
    "service": Code.SERVICE_ERROR,
    "certificate": Code.CERTIFICATE_REJECTED,
    "config": Code.CONFIG_INVALID,
    "extra": Code.EXTRA_CARD_UNSUITABLE,
    "renewal": Code.RENEWAL_UNSUITABLE,
    "enroll": Code.ENROLL_FAILED,
}


def find(code: str) -> Code | None:
    """The member for `code` exactly; None for a code this program does not have."""
    return _BY_VALUE.get(code)


def lookup(code: str) -> Code:
    """The member for `code`, else its family's, else `internal.error`: a new code never shows an empty page."""
    return _BY_VALUE.get(code) or FAMILY.get(code.split(".", 1)[0]) or Code.INTERNAL_ERROR
