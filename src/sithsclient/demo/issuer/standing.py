"""Renewal at the practice service: a key update protected by a certificate this service issued itself.

A CA that renews (RFC 9483 4.1.3) believes a certificate of its own only while its records do: the one protecting
the request and the one replaced must be in its ledger as issued, and not given up since (rejected in the
client's confirmation, or revoked). A certificate of another CA (a legacy card's, for the upgrade) is judged by
its chain alone, as before. And the practice card that is to be renewed gets its certificates here, recorded
like any other, so that the service renews what it believes it issued.
"""

from __future__ import annotations

import os

from cryptography import x509

from sithsclient.demo.hierarchy import CA
from sithsclient.demo.issuer.keys import IssuerKeys
from sithsclient.demo.issuer.ledger import NOT_VALID, Ledger
from sithsclient.demo.issuer.verification import PublicKey, Refusal
from sithsclient.pki.model import Purpose


def own(keys: IssuerKeys, cert: x509.Certificate) -> bool:
    """Issued by this service's CA (its chain was checked already: the name is enough here)."""
    return cert.issuer == keys.issuing.cert.subject


def check_standing(ledger: Ledger, keys: IssuerKeys, cert: x509.Certificate, what: str) -> None:
    """Refuses `cert`, if it is this service's, unless the ledger has it issued and not given up since. Read from
    the ledger's file, not its index: a trainer's tool (or a test) may have recorded a card's pair beside it."""
    if not own(keys, cert):
        return
    serial = format(cert.serial_number, "x")
    transactions = set()
    for entry in ledger.entries():
        if entry.get("event") == "issued" and entry.get("serial") == serial:
            transactions.add(entry.get("transaction_id"))
    if not transactions:
        raise Refusal("bad_cert_id", f"{what} was not issued by this service.", in_kup=True)
    for entry in ledger.entries():
        if entry.get("event") in NOT_VALID and (
            entry.get("transaction_id") in transactions or entry.get("serial") == serial
        ):
            raise Refusal("cert_revoked", f"{what} is revoked or was never accepted.", in_kup=True)


def issue_for_card(
    ledger: Ledger, ca: CA, subject: x509.Name, public_key: PublicKey, purpose: Purpose, *, days: int
) -> x509.Certificate:
    """A certificate from the service's issuing `ca` for a practice card's key, valid `days` days (a card due for
    renewal: a few), recorded and confirmed in the service's `ledger` as if a transaction had issued it."""
    certificate = ca.issue(subject, public_key, purpose, days=days)
    transaction_id = os.urandom(16)
    ledger.issued(transaction_id, certificate, purpose=purpose, replaces=None, fault="none")
    ledger.settled(transaction_id, "confirmed", "practice card made")
    return certificate
