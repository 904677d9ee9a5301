"""`sithsclient extra` as a shell user runs it: the other organisation's card office makes an order with
`sithsclient issuer order`, and the holder adds the pair to their card with the reference and the one-time code."""

from __future__ import annotations

import re
import subprocess
import sys

from sithsclient import exitcodes
from sithsclient.pki.model import Purpose
from tests.fixtures.cli import PINS, Shell, card_state, own_and_extra

OTHER_HSA_ID = "SE2120001234-S000000000777"


def make_order(shell: Shell, hsa_id: str) -> tuple[str, str]:
    """(reference, one-time code) as `issuer order` prints them for the card office to hand over."""
    made = subprocess.run(
        [sys.executable, "-m", "sithsclient", "issuer", "order", "--state", str(shell.state), "--hsa-id", hsa_id,
         "--name", "Anna Andersson"],
        capture_output=True, text=True, env=shell.env, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    reference = re.search(r"reference:\s+(ORD-\S+)", made.stdout)
    code = re.search(r"one-time code:\s+(\S+)", made.stdout)
    assert reference and code, made.stdout
    return reference.group(1), code.group(1)


def run_extra(shell: Shell, reference: str, code: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sithsclient", "extra", "--reference", reference, "--issuer", shell.issuer_url,
         "--trust", str(shell.state / "root.pem"), "--code-stdin", "--pin-stdin", "--yes", "--lang", lang],
        input=f"{code}\n{PINS}", capture_output=True, text=True, env=shell.env, timeout=120,
    )  # fmt: skip


def test_extra_pair_from_the_shell_and_the_second_one_refused(shell: Shell) -> None:
    reference, code = make_order(shell, OTHER_HSA_ID)
    added = run_extra(shell, reference, code, "sv")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Kommun Övning" in added.stdout  # the terms name the organisation whose pair it is
    assert "Genererar certifikatsbegäran" in added.stdout and "Raderar gamla certifikat" not in added.stdout
    assert "Det extra certifikatsparet är installerat" in added.stdout and "uppgradering" not in added.stdout
    assert code not in added.stdout + added.stderr
    assert own_and_extra() == {"SE2321000131-S000000012345": 2, OTHER_HSA_ID: 2}
    _complete, keys, cert_ids = card_state()
    assert keys == cert_ids  # every key has its certificate: nothing left over

    again = run_extra(shell, *make_order(shell, "SE2120005678-S000000000888"))
    assert again.returncode == exitcodes.EXTRA, again.stderr
    assert "[extra.limit]" in again.stderr and "only one" in again.stderr
    assert own_and_extra() == {"SE2321000131-S000000012345": 2, OTHER_HSA_ID: 2}


def test_a_mistyped_code_says_so_and_changes_nothing(shell: Shell) -> None:
    reference, _code = make_order(shell, OTHER_HSA_ID)
    wrong = run_extra(shell, reference, "AAAA-BBBB-CCCC")
    assert wrong.returncode == exitcodes.ISSUER
    assert "[service.code_refused]" in wrong.stderr and "typed exactly" in wrong.stderr
    assert own_and_extra() == {"SE2321000131-S000000012345": 2}
    _complete, keys, _certs = card_state()
    assert all(len(ids) == 1 for ids in keys.values())  # no key was made for a code that did not work


def test_an_empty_code_is_refused_before_the_card_is_touched(shell: Shell) -> None:
    reference, _code = make_order(shell, OTHER_HSA_ID)
    empty = run_extra(shell, reference, "")
    assert empty.returncode == exitcodes.EXTRA and "[extra.no_code]" in empty.stderr
    assert {Purpose.AUTHENTICATION, Purpose.SIGNATURE} == set(card_state()[0].popitem()[1])
