"""Tidying away what aborted attempts left on the card: the clean-up every plan ends with."""

from __future__ import annotations

from sithsclient.upgrade.journal import Kind, Phase
from sithsclient.upgrade.plan import Run


def delete_leftovers(run: Run) -> None:
    """Keys of aborted attempts: ours (journalled or labelled by us), without a certificate, not in use."""
    journal = run.journal
    keep = {p.new_key_id for p in journal.pairs} | {e["key_id"] for e in journal.unsettled}  # not yet revoked
    for kind in Kind:  # an unfinished run of the other kind on this card is not ours to tidy up
        other = run.store.load(run.card.serial, kind)
        if other is not None and other.phase is not Phase.DONE:
            keep |= {p.new_key_id for p in other.pairs} | {e["key_id"] for e in other.unsettled}
    for session in run.sessions():
        for key in session.private_keys():
            key_hex = key.key_id.hex()
            if key_hex in keep:
                continue
            ours = key_hex in journal.abandoned_key_ids or key.label.startswith("SITHS ")
            # Asked of this very key, not from a list: a list read while a card leaves can be short.
            if ours and session.read_certificate(key.key_id) is None:
                session.delete_key_pair(key.key_id)
                journal.note(f"leftover key {key_hex} deleted")
    journal.abandoned_key_ids.clear()
    run.save()
