"""One enumeration of stable codes (codes.py): every code the source can stop with is in it, with everything that
goes with it (who helps, running again, exit code, the person's sentence, the meaning for IT support) and its
Swedish in the catalogue; the views say what it holds, and the wizard and `--lang en` say the same sentence."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sithsclient import advice, codes, exitcodes, step_texts, texts
from sithsclient.codes import Again, Code, Helper
from sithsclient.commands import words
from sithsclient.commands.terminal import OperationSay
from sithsclient.enroll import errors
from sithsclient.pki.issued import IssuedProblem
from sithsclient.upgrade.extra import EXTRA_PAIR
from sithsclient.upgrade.steps import Step
from sithsclient.upgrade.upgrade_plan import UPGRADE

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "sithsclient"
TS = ROOT / "resources" / "translations" / "sithsclient_sv.ts"

# Where a stable code is born as a string: an error class's `code = "..."`, an engine stop, an outcome, a CLI
# failure. (A `Code.X` at a raise site is in the enumeration by construction.)
_BORN = re.compile(
    r"""(?:\bcode\s*(?::\s*str\s*)?=\s*|UpgradeStopped\(\s*|Outcome\(\s*False,\s*|\bfail\(\s*)"([a-z_]+(?:\.[a-z_]+)?)\"""",
)


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "issuer" or path.name == "codes.py":
            continue  # the practice issuing service's codes are CMP failInfo, not the program's
        text = path.read_text(encoding="utf-8")
        found |= set(_BORN.findall(text))
        # UpgradeStopped / fail with the code on the next line
        found |= set(re.findall(r"(?:UpgradeStopped|fail)\(\s*\n\s*\"([a-z_]+\.[a-z_]+)\"", text))
    # A rejected certificate is named by its first problem (enroll/errors.py CertificateRejected.code).
    found |= {errors.CertificateRejected([problem]).code for problem in IssuedProblem}
    return found


def test_the_scan_finds_codes_from_every_kind_of_birth() -> None:
    found = codes_in_source()
    assert {"pin.blocked", "card.changed", "certificate.wrong_hsa_id", "internal.error", "card.no_module"} <= found


def test_every_code_born_in_the_source_is_in_the_enumeration() -> None:
    missing = sorted(code for code in codes_in_source() if codes.find(code) is None)
    assert not missing, f"not in codes.Code: {missing}"


def test_every_code_holds_everything_that_goes_with_it() -> None:
    for code in Code:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", code.value), code
        assert code.name == code.value.upper().replace(".", "_"), code  # found by either spelling
        assert isinstance(code.helper, Helper) and isinstance(code.again, Again), code
        assert code.says.strip() and code.says.endswith("."), code
        assert code.means.strip() and code.means.endswith((".", ")")), code


# The numbers scripts and IT support rely on (README, "exit codes"): never renumber.
NUMBERED = {
    "card.no_module": 3, "card.no_reader": 4, "card.no_card": 5, "config.invalid": 6, "card.removed": 7,
    "card.wrong_card": 8, "pin.incorrect": 10, "pin.final_try": 11, "pin.blocked": 12, "pin.format": 13,
    "puk.incorrect": 14, "puk.final_try": 15, "card.not_upgradable": 20, "card.full": 22, "card.busy": 23,
    "journal.unwritable": 24, "cancelled": 40, "internal.error": 50, "pin.argument": 2,
}  # fmt: skip
ISSUER_FAMILIES = ("network.", "cmp.", "service.", "certificate.", "enroll.", "config.insecure_url")


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_exit_codes_stay_as_they_were(code: Code) -> None:
    if code in NUMBERED:
        expected = NUMBERED[code]
    elif code.startswith(ISSUER_FAMILIES):
        expected = 30
    elif code.startswith("extra."):
        expected = 21
    elif code.startswith("renewal."):
        expected = 26
    else:
        expected = 1
    assert code.exit_code == exitcodes.for_code(code) == exitcodes.BY_CODE[code] == expected


def test_a_code_this_program_does_not_know_is_treated_as_its_family() -> None:
    assert exitcodes.for_code("network.future") == exitcodes.ISSUER  # a family's shared number
    assert exitcodes.for_code("extra.future") == exitcodes.EXTRA
    assert exitcodes.for_code("pin.future") == exitcodes.for_code("nothing.known") == exitcodes.FAILED
    assert advice.advice_for("network.future") is Code.NETWORK_FAILED
    assert texts.error_text("cmp.future") == Code.CMP_FAILED.says
    assert texts.error_text("cmp.future", "the engine's own") == "the engine's own"
    assert texts.error_text("nothing.known") == Code.INTERNAL_ERROR.says


def translations() -> dict[tuple[str, str], str]:
    """(context, English) → Swedish, finished entries only."""
    found = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and translation.get("type") is None:
                found[(name, message.findtext("source") or "")] = translation.text
    return found


def test_every_code_has_its_swedish_sentence_and_meaning() -> None:
    swedish = translations()
    lacking = [
        f"{code} ({context})"
        for code in Code
        for context, english in (("Texts", code.says), ("Runbook", code.means))
        if not swedish.get((context, english))
    ]
    assert not lacking, f"no Swedish in {TS.name}: {lacking}; run scripts/translations.py update and translate"


def test_every_terminal_line_has_its_swedish() -> None:
    swedish = translations()
    assert [line for line in words.LINES if (words.CONTEXT, line) not in swedish] == []
    assert words.Words("sv")("Restart the programs that use the card.") == "Starta om de program som använder kortet."
    # An operation's own lines (upgrade/upgrade_words.py) come from the same catalogue.
    assert OperationSay("sv")(UPGRADE, UPGRADE.words.terminal_already_done) == (
        "Kortet är redan uppgraderat: inget att göra."
    )


def test_the_steps_are_the_seeds_words() -> None:
    """The old web page's step list (seeds/002), word for word, in both views."""
    assert list(step_texts.for_language("sv").values()) == [
        "Kontrollerar kortet",
        "PIN-koder",
        "Villkor",
        "Genererar certifikatsbegäran",
        "Hämtar och installerar certifikat",
        "Raderar gamla certifikat",
        "Certifikaten är nedladdade och uppgraderingen är klar",
    ]
    # The extra pair names its last step its own way (upgrade/extra_words.py), in the terminal as in the wizard.
    assert OperationSay("sv").step_names(EXTRA_PAIR)[Step.DONE] == "Det extra certifikatsparet är installerat"
    assert step_texts.for_language("en")[Step.GENERATE] == "Generating certificate requests"


def enrollment_errors() -> dict[str, errors.EnrollmentError]:
    """One of each enrollment error, by its code."""
    found: dict[str, errors.EnrollmentError] = {}
    pending: list[type[errors.EnrollmentError]] = [errors.EnrollmentError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if issubclass(cls, errors.CertificateRejected):
            made = [cls([problem]) for problem in IssuedProblem] + [cls([])]
        elif issubclass(cls, errors.ServiceReported):
            made = [cls("rejection", ["bad_request"], "the service's own text")]
        elif issubclass(cls, errors.HttpStatusError):
            made = [cls(500)]
        else:
            made = [cls("a detail for the log")]
        found.update((error.code, error) for error in made)
    return found


def test_every_enrollment_error_has_a_code_of_the_enumeration() -> None:
    assert [code for code in enrollment_errors() if codes.find(code) is None] == []


@pytest.mark.parametrize("code", sorted(enrollment_errors()))
def test_an_enrollment_error_says_in_english_what_the_wizard_says(code: str) -> None:
    """One English sentence per code: the error's own (what `--lang en` prints) is the wizard's; the command
    line adds a code's detail sentence (words.DETAILS: how to set the issuing service), in either language."""
    texts.translate_with(None)
    error = enrollment_errors()[code]
    said = texts.error_text(code)
    assert said == codes.lookup(code).says
    detail = words.DETAILS.get(code, "")
    detail = "" if "{" in detail else detail  # a detail with facts is said when the error gives them
    assert words.Words("en").sentence(code, error.message) == (f"{said} {detail}" if detail else said)
