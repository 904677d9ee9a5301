"""How long a run is said to take on the terms page: from what is known before it starts (the key type, how
many keys, a practice card or a real one), never a fixed figure (the old web page said "about 90 seconds" for
everything, also where it takes two)."""

from __future__ import annotations

from sithsclient.card.model import KeyType_

# Making a key on a real SITHS card is the slow part: RSA key generation on a smart card's chip takes seconds
# to a minute, longer for larger keys; an EC key is quick.
_KEY_S = {KeyType_.RSA_2048: 20, KeyType_.RSA_3072: 60, KeyType_.EC_P256: 3}
_PER_CERTIFICATE_S = 5  # asking the issuing service, writing the certificate, the test signature
_START_S = 5  # reading the card and logging in
_PRACTICE_PER_KEY_S = 1  # the practice card is software on this computer


def expected_seconds(key_type: KeyType_, keys: int, *, practice: bool) -> int:
    if practice:
        return max(2, 1 + keys * _PRACTICE_PER_KEY_S)
    raw = _START_S + keys * (_KEY_S.get(key_type, _KEY_S[KeyType_.RSA_2048]) + _PER_CERTIFICATE_S)
    return max(10, 10 * round(raw / 10))  # "about 60 seconds", not "about 57"
