"""The built-in checkers as pure functions, on the cases a reviewer would try first."""

from __future__ import annotations

import math

import pytest
from pydantic import TypeAdapter

from codedistill.judge import checkers
from codedistill.judge.checkers import check_text, check_value
from codedistill.records import BUILTIN_CHECKERS, BuiltinChecker

SPEC = TypeAdapter(BuiltinChecker)


def spec(value) -> dict:
    """A checker spec as the judge sends it: validated, every parameter filled in."""
    return SPEC.validate_python(value).model_dump(mode="json")


def text(checker, got: str, expected: str) -> bool:
    return check_text(spec(checker), got, expected)[0]


TACO = {"name": "tokens", "rel_tol": 1e-5, "abs_tol": 1e-8}
CODECONTESTS = {"name": "tokens", "case_sensitive": False, "abs_tol": 1e-5}


def test_every_builtin_is_implemented_with_its_parameters() -> None:
    assert set(checkers._TEXT) == set(BUILTIN_CHECKERS)
    for name in BUILTIN_CHECKERS:
        assert check_text(spec(name), "1\n", "1") == (True, "")
        assert check_value(spec(name), [1], [1]) == (True, "")
    with pytest.raises(ValueError, match="unknown checker"):
        check_text({"name": "nope"}, "", "")


@pytest.mark.parametrize(
    ("got", "expected", "accepted"),
    [
        # The reviewer's cases: LCB rejects them (the line is not equal, and `YES`/`a`/`Case` are no decimals).
        ("YES 1.0\n", "YES 1\n", False),
        ("a  b\n", "a b\n", False),
        ("Case #1: 2.50\n", "Case #1: 2.5\n", False),
        # Lines of decimals compare as lists of Decimal.
        ("1.50 2\n", "1.5 2.0", True),
        ("1  2\n", "1 2", True),  # all decimals: the token lists are equal
        ("1e2\n", "100\n", True),
        ("-0\n", "0\n", True),
        ("0.333\n", "0.3333\n", False),
        ("1\n", "1 0\n", False),
        # Stripping: the whole text, then each line (\r too); the line count must match.
        ("  3 \n7\n\n\n", "3\n7", True),
        ("3\r\n7\r\n", "3\n7\n", True),
        ("1\n\n2\n", "1\n2\n", False),
        ("", "\n", True),
        ("0\n", "", False),
        ("1 2\n", "1\n2\n", False),
        # Strings are compared as strings: case matters, NaN is a string match only.
        ("YES\n", "yes\n", False),
        ("nan\n", "nan\n", True),
        ("NaN\n", "nan\n", False),  # both Decimal NaN, and NaN != NaN
        ("sNaN\n", "snan\n", False),  # LCB's comparison raises on a signalling NaN: not accepted
        # Decimal accepts what LCB therefore accepts.
        ("1_000\n", "1000\n", True),
        ("\u0661\n", "1\n", True),  # an Arabic-Indic digit
    ],
)
def test_lcb_rule(got: str, expected: str, accepted: bool) -> None:
    assert text("lcb", got, expected) is accepted


def test_lcb_messages_name_the_line() -> None:
    ok, message = check_text(spec("lcb"), "1\n2\n", "1\n3\n")
    assert not ok and message == "line 2: got '2', expected '3'"
    assert check_text(spec("lcb"), "1\n", "1\n2\n")[1] == "1 output line(s), expected 2"


@pytest.mark.parametrize(
    ("checker", "got", "expected", "accepted"),
    [
        # testlib wcmp: the token sequence, whatever the layout; strings exact.
        ("tokens", "1\n\n2 3\n", "1 2\n3", True),
        ("tokens", "\t1\r\n", "1", True),
        ("tokens", "1.0", "1", False),
        ("tokens", "YES", "yes", False),
        ("tokens", "1 2", "1 2 3", False),
        ("tokens", "a\u00a0b", "a b", False),  # a no-break space is part of a token, as in testlib
        ("tokens", "", "", True),
        # TACO/APPS: numbers within rtol 1e-5 / atol 1e-8; integers compare exactly.
        (TACO, "0.333333", "0.3333333", True),
        (TACO, "1.0 YES", "1 YES", True),
        (TACO, "100001", "100000", False),  # np.allclose would accept this wrong count; we do not
        (TACO, "007", "7", True),
        (TACO, "0.34", "0.3333333", False),
        (TACO, "inf", "1e400", False),  # inf is not a decimal number
        (TACO, "0x10", "16", False),
        # CodeContests: case-insensitive, numbers within 1e-5 absolute.
        (CODECONTESTS, "Yes\nNO", "YES no", True),
        (CODECONTESTS, "0.500004", "0.5", True),
        (CODECONTESTS, "0.50002", "0.5", False),
        (CODECONTESTS, "1000000000000000001", "1000000000000000000", False),  # as doubles these would be equal
        # float: |got - expected| <= max(abs_tol, rel_tol * |expected|), in exact decimal arithmetic.
        ("float", "3.1415926", "3.14159265", True),
        ("float", "3.1415", "3.14159265", False),
        ({"name": "float", "abs_tol": 1e-6, "rel_tol": 0}, "0.100001", "0.1", True),  # binary floats would say 1.0000000000287557e-06
        ({"name": "float", "abs_tol": 1e-6, "rel_tol": 0}, "0.1000011", "0.1", False),
        ({"name": "float", "abs_tol": 0, "rel_tol": 1e-6}, "1000000.5", "1000000", True),
        ("float", "1.5", "abc", False),
        ("float", "1.0e999999999", "1e999999999", True),  # no overflow
        ("float", "1e-999999999", "0", True),
        ("float", "nan", "nan", True),  # equal strings
        ("float", "NaN", "nan", False),
    ],
)
def test_token_rules(checker, got: str, expected: str, accepted: bool) -> None:
    assert text(checker, got, expected) is accepted


@pytest.mark.parametrize(
    ("got", "expected", "accepted"),
    [
        ("a  b\n", "a  b", True),
        ("a b\n", "a  b", False),  # inner spacing matters
        (" a\n", "a\n", False),  # leading spacing matters
        ("a \nb\n\n\n", "a\nb", True),  # trailing spaces and blank lines at the end do not
        ("a\r\nb\r\n", "a\nb\n", True),
        ("a\n\nb\n", "a\nb\n", False),
        ("a\n", "a\nb\n", False),
    ],
)
def test_exact_rule(got: str, expected: str, accepted: bool) -> None:
    assert text("exact", got, expected) is accepted


@pytest.mark.parametrize(
    ("checker", "got", "expected", "accepted"),
    [
        ("unordered_lines", "2 3\n1\n", "1\n2 3", True),
        ("unordered_lines", "2  3\n\n1", "1\n2 3\n", True),
        ("unordered_lines", "3 2\n1", "1\n2 3", False),  # each line keeps its token order
        ("unordered_lines", "1\n1\n2", "1\n2\n2", False),  # a multiset, not a set
        ("unordered_lines", "1 2", "1\n2", False),
        ("unordered_tokens", "3 1 2", "1\n2\n3", True),
        ("unordered_tokens", "1 1 2", "1 2 2", False),
        ("unordered_tokens", "1 2", "2 1 1", False),
        ("yes_no", "Yes\nnO", "YES\nNO", True),
        ("yes_no", "yEs 3", "YES 3", True),
        ("yes_no", "Yes", "No", False),
        ("yes_no", "YESS", "YES", False),
        ("yes_no", "ABC", "abc", False),  # only yes/no are case-insensitive
        ("yes_no", "YES", "YES 3", False),
    ],
)
def test_order_and_case_rules(checker: str, got: str, expected: str, accepted: bool) -> None:
    assert text(checker, got, expected) is accepted


def test_unordered_messages_say_what_is_missing() -> None:
    ok, message = check_text(spec("unordered_lines"), "1\n1\n", "1\n2\n")
    assert not ok and message.startswith("expected line '2' is missing")
    ok, message = check_text(spec("unordered_tokens"), "1 2 9", "1 2")
    assert not ok and message.startswith("unexpected token '9'")


@pytest.mark.parametrize(
    ("checker", "got", "expected", "accepted"),
    [
        # LCB's grade_call_based: a top-level tuple becomes a list, then `==`.
        ("lcb", (1, 2), [1, 2], True),
        ("lcb", [(1, 2)], [[1, 2]], False),
        ("lcb", True, 1, True),  # Python `==`, as LCB
        ("lcb", 0.1 + 0.2, 0.3, False),
        ("tokens", 0.1 + 0.2, 0.3, False),
        # float: numbers within the tolerance, bools stay bools, NaN matches nothing.
        ("float", 0.1 + 0.2, 0.3, True),
        ({"name": "float", "rel_tol": 1e-6, "abs_tol": 0}, [1.0, 2.0000001], [1, 2], True),
        ("float", [True], [2.0], False),
        ("float", math.nan, math.nan, False),
        (TACO, [0.3333333], [0.33333333], True),
        # "Return the answer in any order": the top-level list (and, for unordered_tokens, each inner one).
        ("unordered_lines", [[1, 2], [3]], [[3], [1, 2]], True),
        ("unordered_lines", [[2, 1], [3]], [[3], [1, 2]], False),
        ("unordered_tokens", [[2, 1], [3]], [[3], [1, 2]], True),
        ("unordered_lines", [1, 1, 2], [1, 2, 2], False),
        ("unordered_lines", (2, 1), [1, 2], True),
    ],
)
def test_functional_rules(checker, got, expected, accepted: bool) -> None:
    assert check_value(spec(checker), got, expected)[0] is accepted
