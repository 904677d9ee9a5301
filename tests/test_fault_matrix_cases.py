"""Which pulls the fault matrix (tests/test_fault_matrix_pull.py) tries, as its environment variables choose them:
a choice of no case fails the matrix instead of passing it with nothing tried. No rig needed for this part."""

from __future__ import annotations

import pytest

from tests.test_fault_matrix_pull import cases

MATRIX_VARIABLES = ("MATRIX_K", "MATRIX_STEP", "MATRIX_SKIP_TWIN")


@pytest.fixture(autouse=True)
def no_matrix_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in MATRIX_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("variables", "total"),
    [
        ({}, None),  # MATRIX_SKIP_TWIN without MATRIX_K: the APDUs were never counted
        ({"MATRIX_K": " "}, None),
        ({"MATRIX_K": "0"}, 170),
        ({"MATRIX_K": "400,500"}, 170),  # every pull after the upgrade's last APDU
        ({"MATRIX_STEP": "0"}, 170),
        ({}, 0),
    ],
)
def test_a_matrix_that_selects_no_case_fails(
    variables: dict[str, str], total: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(pytest.fail.Exception, match="selects no case"):
        cases(total)


def test_the_matrix_tries_what_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cases(5) == [1, 2, 3, 4, 5]
    monkeypatch.setenv("MATRIX_STEP", "50")
    assert cases(170) == [1, 51, 101, 151]
    monkeypatch.setenv("MATRIX_K", "3, 7")
    assert cases(None) == [3, 7]
