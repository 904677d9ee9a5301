"""What the fuzzers found (fuzz/, docs/fuzzing.md), each kept as the input that showed it. Before the fixes each
of these was a raw Python exception: at once (a traceback), or later, half-way through a resumed upgrade.

The inputs in tests/data/fuzz are minimal forms of the fuzzer's own (a real journal with the one field changed
that the fuzzer changed); those too deep to keep as files are made here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import algos
from cryptography import x509

from sithsclient import config, diagnostics
from sithsclient.demo.hierarchy import PracticeHierarchy
from sithsclient.demo.issuer import FaultSwitch, IssuerKeys, IssuingService, Ledger, OrderBook
from sithsclient.enroll import ProtectionError, asn1
from sithsclient.enroll.checks import check_protection
from sithsclient.enroll.response import parse_response
from sithsclient.upgrade.journal import JournalStore, Kind

DATA = Path(__file__).parent / "data" / "fuzz"
CMP_DATA = Path(__file__).parent / "data" / "cmp"
SERIAL = "7a3c91e0"

DAMAGED_JOURNALS = {
    # journal.py: data.get on a number: AttributeError out of JournalStore.load
    "not-an-object": (DATA / "journal-not-an-object.json").read_bytes(),
    # json.loads: RecursionError out of JournalStore.load
    "nested-too-deep": b"[" * 100_000,
    # loaded, then ValueError when the engine installs the certificate
    "damaged-certificate": (DATA / "journal-damaged-certificate.json").read_bytes(),
    "certificate-padding": (DATA / "journal-certificate-padding.json").read_bytes(),
    # the fuzzer's own input, after the fix above: cryptography's InvalidVersion is no ValueError
    "invalid-certificate-version": (DATA / "journal-invalid-certificate-version.json").read_bytes(),
    # loaded, then ValueError when the engine turns the key id back into bytes
    "key-id-not-hex": (DATA / "journal-key-id-not-hex.json").read_bytes(),
    # loaded, then AttributeError in the wizard's card page (last_error.get)
    "last-error-list": (DATA / "journal-last-error-list.json").read_bytes(),
}


@pytest.mark.parametrize("name", sorted(DAMAGED_JOURNALS))
def test_a_damaged_journal_is_set_aside_and_the_card_decides(name: str, tmp_path: Path) -> None:
    store = JournalStore(tmp_path)
    path = store.path(SERIAL)
    path.write_bytes(DAMAGED_JOURNALS[name])
    assert store.load(SERIAL) is None
    # Moved aside, never deleted: IT support can still read what was there.
    assert not path.exists()
    (aside,) = store.set_aside
    assert aside.read_bytes() == DAMAGED_JOURNALS[name]
    # diagnose lists the file, however damaged, and its report is still JSON.
    (entry,) = diagnostics._journals(store)
    assert entry["file"] == str(aside)
    json.dumps(entry)


def test_a_journal_as_the_program_writes_it_still_loads(tmp_path: Path) -> None:
    store = JournalStore(tmp_path)
    store.path(SERIAL).write_bytes((DATA / "journal-good.json").read_bytes())
    journal = store.load(SERIAL)
    assert journal is not None and journal.kind is Kind.UPGRADE
    (pair,) = journal.pairs
    assert pair.issued_cert is not None and pair.new_key_id == "05"
    assert journal.terms_accepted_at == journal.started_at and store.set_aside == []


def test_a_config_file_saved_as_latin_1_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes((DATA / "config-latin-1.toml").read_bytes())
    with pytest.raises(config.ConfigError, match="not UTF-8") as caught:
        config.load(str(path), machine_file=tmp_path / "none", user_file=tmp_path / "none", registry=dict)
    assert caught.value.path == str(path) and caught.value.code == "config.invalid"
    # What the person sees: one sentence naming the file, exit 6 (docs/it-support.md), no traceback.
    shown = subprocess.run(
        [sys.executable, "-m", "sithsclient", "status", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 6, shown.stderr
    assert str(path) in shown.stderr and "Traceback" not in shown.stderr


def test_a_config_file_nested_too_deeply_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"trust = " + b"[" * 5000 + b"]" * 5000 + b"\n")
    with pytest.raises(config.ConfigError, match="nested too deeply") as caught:
        config.load(str(path), machine_file=tmp_path / "none", user_file=tmp_path / "none", registry=dict)
    assert caught.value.path == str(path)


def _service(hierarchy: PracticeHierarchy, state: Path) -> IssuingService:
    """The practice service, trusting the roots of OpenSSL's recorded requests (tests/data/cmp)."""
    keys = IssuerKeys(
        issuing=hierarchy.person_ca,
        chain=tuple(hierarchy.chain_of(hierarchy.person_ca)),
        trust_anchors=tuple(x509.load_pem_x509_certificates((CMP_DATA / "anchors.pem").read_bytes())),
        intermediates=(),
        untrusted=hierarchy.foreign_ca,
    )
    return IssuingService(keys, Ledger(state), FaultSwitch())


def test_a_request_with_an_unreadable_certificate_is_refused_as_such(
    cmp_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """The journal campaign's InvalidVersion, looked for where else certificates arrive: in a request's
    extraCerts the practice service failed on it ("system_failure") instead of saying what was wrong."""
    recorded = (CMP_DATA / "granted-1-request.der").read_bytes()
    version = recorded.index(b"\xa0\x03\x02\x01\x02")  # the first certificate's version, v3, in extraCerts
    request = recorded[:version] + b"\xa0\x03\x02\x01\x6a" + recorded[version + 5 :]
    answer = parse_response(_service(cmp_hierarchy, tmp_path).handle(request).body)
    assert answer.error is not None
    assert answer.error.status.fail_info == {"bad_data_format"}
    assert "extraCerts cannot be read" in answer.error.status.text


def test_a_request_with_a_certificate_that_has_an_extension_twice_is_refused_as_such(
    cmp_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """issuer_request, at ~100,000 inputs of the 2026-12-03 run: a certificate in a request's extraCerts with the
    same extension twice (authorityKeyIdentifier there) raised cryptography's DuplicateExtension, no ValueError,
    and sent the practice service to its last resort ("system_failure")."""
    message = asn1.PKIMessage.load((CMP_DATA / "granted-1-request.der").read_bytes())
    extensions = message["extra_certs"][0]["tbs_certificate"]["extensions"]
    extensions.append(extensions[0].copy())
    request = bytes(message.dump(force=True))
    answer = parse_response(_service(cmp_hierarchy, tmp_path).handle(request).body)
    assert answer.error is not None
    assert answer.error.status.fail_info == {"bad_data_format"}
    assert "extraCerts cannot be read" in answer.error.status.text


def test_an_answer_protected_with_pss_without_parameters_is_not_believed() -> None:
    """cmp_response, at ~300,000 inputs: OpenSSL's recorded answer with its protectionAlg changed to RSASSA-PSS
    and no parameters raised TypeError out of the signature check (asn1crypto's hash_algo)."""
    response = parse_response((DATA / "cmp-response-pss-without-parameters.der").read_bytes())
    ca = x509.load_pem_x509_certificate((CMP_DATA / "ca.pem").read_bytes())
    with pytest.raises(ProtectionError, match="not be proven") as caught:
        check_protection(response, [ca])
    assert caught.value.code == "cmp.protection"


def test_a_request_protected_with_pss_without_parameters_is_refused_as_such(
    cmp_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """The same in a request: the practice service verifies with the same function."""
    message = asn1.PKIMessage.load((CMP_DATA / "granted-1-request.der").read_bytes())
    message["header"]["protection_alg"] = algos.SignedDigestAlgorithm({"algorithm": "rsassa_pss"})
    request = bytes(message.dump(force=True))
    answer = parse_response(_service(cmp_hierarchy, tmp_path).handle(request).body)
    assert answer.error is not None and "system_failure" not in answer.error.status.fail_info


def test_an_answer_from_a_sender_whose_name_cannot_be_compared_is_not_believed() -> None:
    """cmp_response, at ~250,000 inputs: OpenSSL's recorded answer without senderKID and with a code point in the
    sender's name that X.520 comparison refuses raised ValueError out of the signature check."""
    response = parse_response((DATA / "cmp-response-sender-unassigned-code-point.der").read_bytes())
    assert response.sender_kid is None and response.sender is not None
    ca = x509.load_pem_x509_certificate((CMP_DATA / "ca.pem").read_bytes())
    with pytest.raises(ProtectionError, match="no certificate matches") as caught:
        check_protection(response, [ca])
    assert caught.value.code == "cmp.protection"


def test_a_request_asn1crypto_cannot_encode_again_is_refused_as_such(
    cmp_hierarchy: PracticeHierarchy, tmp_path: Path
) -> None:
    """issuer_request, at ~100,000 inputs: a MAC-protected request for a practice order (issuer-order.json, made
    by the fuzz run; its code is a practice one) whose header asn1crypto decodes but fails to encode again (an
    object identifier with an empty arc) sent the practice service to its last resort, system_failure."""
    order = json.loads((DATA / "issuer-order.json").read_text(encoding="utf-8"))
    (tmp_path / OrderBook.DIRECTORY).mkdir()
    (tmp_path / OrderBook.DIRECTORY / f"{order['reference']}.json").write_text(json.dumps(order), encoding="utf-8")
    service = _service(cmp_hierarchy, tmp_path)
    service.orders = OrderBook(tmp_path)
    answer = parse_response(service.handle((DATA / "issuer-request-unencodable-header.der").read_bytes()).body)
    assert answer.error is not None
    assert answer.error.status.fail_info == {"bad_data_format"}
    assert "cannot be read" in answer.error.status.text
