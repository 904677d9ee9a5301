"""The card's rules, one book for both drivers (PKCS#11 in `card.py`/`session.py`, the PIV card in `piv_card.py`).

What a PIN and a PUK look like, when a PIN may be sent at all, what a full card is, and how a written certificate
and a new key are proven: each driver asks here, so the two cannot drift apart again.

SITHS PINs are 6 digits and the PUK 8 (the code envelope); a new PIN is held to that. A PIN to log in with is
only checked for what no card takes (not digits, fewer than PKCS#11's usual 4, more than PIV's 8): a card may
hold a PIN shorter than 6, and refusing it here would lock its holder out while no try is at risk.
Which objects are the holder's certificates (not a module's placeholder) is a rule of both too.
"""

from __future__ import annotations

import os
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from sithsclient.card.errors import (
    CardError,
    CardFullError,
    CardOperationError,
    PinBlockedError,
    PinFinalTryError,
    PinFormatError,
    PinState,
    PinStatus,
    PukFinalTryError,
    PukIncorrectError,
)
from sithsclient.card.layouts import PinRole, is_placeholder_certificate
from sithsclient.card.signer import CardPrivateKey, CardRsaPrivateKey

LOGIN_PIN_DIGITS = (4, 8)  # what a card may hold: PKCS#11 modules take 4 to 8, PIV at most 8 bytes
NEW_PIN_DIGITS = (6, 8)  # a new PIN: at least the SITHS 6 digits
PUK_DIGITS = (8, 8)  # the PUK of the code envelope


def _check_digits(secret: str, digits: tuple[int, int]) -> None:
    if not secret:
        raise PinFormatError("it is empty")
    if not secret.isdigit() or not secret.isascii():
        raise PinFormatError("it may contain digits only")
    low, high = digits
    if not low <= len(secret) <= high:
        raise PinFormatError(f"it must have {low} digits" if low == high else f"it must have {low} to {high} digits")


def check_pin_format(pin: str) -> None:
    """A PIN to log in with: digits a card can hold. Checked before anything reaches the card."""
    _check_digits(pin, LOGIN_PIN_DIGITS)


def check_new_pin(pin: str) -> None:
    """A PIN the holder chooses (a change, an unblock): as SITHS PINs are, 6 digits or more."""
    _check_digits(pin, NEW_PIN_DIGITS)


def check_puk(puk: str) -> None:
    _check_digits(puk, PUK_DIGITS)


def refuse_unsafe_try(role: PinRole, status: PinStatus, *, confirmed: bool) -> None:
    """Before a PIN is sent (docs/design.md, invariant 4): a blocked PIN is not tried, nor its final try unless
    confirmed."""
    if status.state is PinState.LOCKED:
        raise PinBlockedError(role)
    if status.state is PinState.FINAL_TRY and not confirmed:
        raise PinFinalTryError(role)


def refuse_unsafe_puk_try(role: PinRole, status: PinStatus, *, confirmed: bool) -> None:
    """Before a PUK is sent: a blocked PUK is not tried, nor its final try unless the person said yes."""
    if status.state is PinState.LOCKED:
        raise PukIncorrectError(status)
    if status.state is PinState.FINAL_TRY and not confirmed:
        raise PukFinalTryError(role)


def refuse_login_again(status: PinStatus) -> None:
    """A login the program makes by itself with a PIN that worked moments ago (another program reset the card's
    login) is never the PIN's final try: the person was not asked."""
    if status.state in (PinState.FINAL_TRY, PinState.LOCKED):
        raise CardOperationError("The card no longer accepts the login of this run.")


def no_room() -> CardFullError:
    """No free key slot or container: `card.full` on every card, whatever the card said (CKR_DEVICE_MEMORY, a
    PIV card's 6A84, no free retired slot). Nothing of the card's set is touched to make room."""
    return CardFullError()


def management_key_refused() -> CardOperationError:
    return CardOperationError(
        "The card refused the management key. If your organisation changed it, set management_key in the configuration."
    )


def check_read_back(written: x509.Certificate, back: x509.Certificate | None) -> None:
    """A certificate counts as installed only when the card gives back the same bytes (docs/design.md, invariant 1)."""
    der = written.public_bytes(serialization.Encoding.DER)
    if back is None or back.public_bytes(serialization.Encoding.DER) != der:
        raise CardOperationError("The certificate read back from the card differs from the one written.")


PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def check_test_signature(signer: CardPrivateKey, public: PublicKey, slot: str) -> None:
    """Sign a fresh challenge on the card and verify it with the certificate's public key (docs/design.md,
    invariant 1)."""
    challenge = os.urandom(32)
    try:
        if isinstance(signer, CardRsaPrivateKey):
            assert isinstance(public, rsa.RSAPublicKey)
            signature = signer.sign(challenge, padding.PKCS1v15(), hashes.SHA256())
            public.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
        else:
            assert isinstance(public, ec.EllipticCurvePublicKey)
            signature = signer.sign(challenge, ec.ECDSA(hashes.SHA256()))
            public.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
    except CardError:
        raise
    except Exception as exc:  # InvalidSignature, a key of the wrong type (the assertions)
        raise CardOperationError(f"The test signature with the key in {slot} did not verify.") from exc


def load_certificate(der: bytes) -> x509.Certificate | None:
    """A certificate of the card's, or None for garbage and for a module's placeholder (see layouts.py)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # placeholders have serial 0, which cryptography warns about
            cert = x509.load_der_x509_certificate(der)
            cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)  # names are parsed on first use
    except (ValueError, x509.InvalidVersion):  # InvalidVersion is not a ValueError (found by fuzzing journals)
        return None
    if is_placeholder_certificate(str(cn[0].value) if cn else "", cert.subject == cert.issuer):
        return None
    return cert
