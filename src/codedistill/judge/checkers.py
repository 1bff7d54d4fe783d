"""The built-in checkers: what a submission's output is compared with, by name.

Stdlib only: the warm workers load this file by path inside the sandbox, where `codedistill` itself is
not importable. A checker spec is the JSON form of a `records.BuiltinChecker` (every parameter present);
`check_text` compares a stdin program's output, `check_value` a functional call's return value. Each
returns `(accepted, message naming the first difference)`.

    >>> check_text({"name": "lcb"}, "1.50 2\\n", "1.5 2")
    (True, '')
    >>> check_text({"name": "lcb"}, "YES 1.0", "YES 1")[0]  # `YES` is no decimal: the line must match exactly
    False
    >>> check_text({"name": "tokens", "case_sensitive": True, "abs_tol": 0.0, "rel_tol": 0.0}, "1\\n\\n2 3", "1 2\\n3")[0]
    True

Where each rule comes from:
- `lcb`: LiveCodeBench `lcb_runner/evaluation/testing_util.py::grade_stdio`: both texts `.strip()`ed and
  split on "\\n", each line `.strip()`ed; the line counts must match; a line pair matches when the strings
  are equal, or when both lines convert token by token to `Decimal` and the two lists are equal.
- `tokens`: testlib's `wcmp` (Codeforces' default checker) and DeepMind CodeContests' `OutputsMatch`
  (`execution/tester_sandboxer.cc`: tokens split on " \\n\\t\\r\\v", lower-cased, numbers within 1e-5).
- `float`: testlib's `rcmp6`-style |got - expected| <= max(abs_tol, rel_tol * |expected|).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation
from typing import Any

_SPACE = re.compile(r"[ \t\n\r\v\f]+")  # ASCII whitespace, as testlib and CodeContests split tokens
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_YES_NO = {"yes", "no"}
_EXACT = Context(prec=60, Emax=MAX_EMAX, Emin=MIN_EMIN)  # tolerance arithmetic that cannot overflow


def check_text(spec: dict[str, Any], got: str, expected: str) -> tuple[bool, str]:
    """Compare a stdin program's output with the expected output under the built-in `spec`."""
    params = {k: v for k, v in spec.items() if k != "name"}
    return _TEXT[_known(spec["name"])](got, expected, **params)


def _known(name: str) -> str:
    if name not in _TEXT:
        raise ValueError(f"unknown checker {name!r}; built-ins: {', '.join(_TEXT)}")
    return name


# ---- text rules -----------------------------------------------------------------------------------


def exact(got: str, expected: str) -> tuple[bool, str]:
    """Lines identical; only whitespace at line ends (\\r included) and blank lines at the end are ignored."""
    got_lines, expected_lines = _rstripped_lines(got), _rstripped_lines(expected)
    for index, (g, e) in enumerate(zip(got_lines, expected_lines, strict=False)):
        if g != e:
            return False, f"line {index + 1}: got {_short(g)!r}, expected {_short(e)!r}"
    if len(got_lines) != len(expected_lines):
        return False, f"{len(got_lines)} output line(s), expected {len(expected_lines)}"
    return True, ""


def _rstripped_lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def lcb(got: str, expected: str) -> tuple[bool, str]:
    """LiveCodeBench's stdout rule, exactly (`grade_stdio`, `get_stripped_lines`, `convert_line_to_decimals`)."""
    got_lines = [line.strip() for line in got.strip().split("\n")]
    expected_lines = [line.strip() for line in expected.strip().split("\n")]
    if len(got_lines) != len(expected_lines):
        return False, f"{len(got_lines)} output line(s), expected {len(expected_lines)}"
    for index, (g, e) in enumerate(zip(got_lines, expected_lines, strict=True)):
        if g == e:
            continue
        got_decimals, expected_decimals = _decimals(g), _decimals(e)
        try:
            same = got_decimals is not None and got_decimals == expected_decimals
        except InvalidOperation:  # a signalling NaN: LCB's comparison raises, so the test fails there too
            same = False
        if not same:
            return False, f"line {index + 1}: got {_short(g)!r}, expected {_short(e)!r}"
    return True, ""


def _decimals(line: str) -> list[Decimal] | None:
    """LCB's `convert_line_to_decimals`: every `str.split()` token through `Decimal`, or None if one fails."""
    try:
        return [Decimal(token) for token in line.split()]
    except (InvalidOperation, ValueError):
        return None


def tokens(got: str, expected: str, *, case_sensitive: bool, abs_tol: float, rel_tol: float) -> tuple[bool, str]:
    """Whitespace-separated tokens equal in order, whatever the line layout.

    With a tolerance, two numeric tokens also match by value: integers exactly (so `007` is `7`, and no
    tolerance ever accepts a wrong count), other numbers within max(abs_tol, rel_tol * |expected|).
    """
    got_tokens, expected_tokens = _split(got), _split(expected)
    if len(got_tokens) != len(expected_tokens):
        return False, f"{len(got_tokens)} token(s), expected {len(expected_tokens)}"
    tolerant = abs_tol > 0 or rel_tol > 0
    for index, (g, e) in enumerate(zip(got_tokens, expected_tokens, strict=True)):
        if g == e or (not case_sensitive and g.lower() == e.lower()):
            continue
        if tolerant and _numbers_match(g, e, abs_tol, rel_tol):
            continue
        return False, f"token {index + 1}: got {_short(g)!r}, expected {_short(e)!r}"
    return True, ""


def float_tokens(got: str, expected: str, *, abs_tol: float, rel_tol: float) -> tuple[bool, str]:
    return tokens(got, expected, case_sensitive=True, abs_tol=abs_tol, rel_tol=rel_tol)


def _split(text: str) -> list[str]:
    return [t for t in _SPACE.split(text) if t]


def _numbers_match(got: str, expected: str, abs_tol: float, rel_tol: float) -> bool:
    if not (_NUMBER.fullmatch(got) and _NUMBER.fullmatch(expected)):
        return False
    g, e = Decimal(got), Decimal(expected)  # exact: no binary rounding at the tolerance boundary
    if _INTEGER.fullmatch(got) and _INTEGER.fullmatch(expected):
        return g == e
    bound = max(Decimal(repr(abs_tol)), _EXACT.multiply(Decimal(repr(rel_tol)), _EXACT.abs(e)))
    return _EXACT.abs(_EXACT.subtract(g, e)) <= bound


def unordered_lines(got: str, expected: str) -> tuple[bool, str]:
    """The same lines in any order; each line compared as its tokens, blank lines ignored."""
    got_lines = Counter(tuple(_split(line)) for line in got.split("\n"))
    expected_lines = Counter(tuple(_split(line)) for line in expected.split("\n"))
    del got_lines[()], expected_lines[()]
    return _same_multiset(got_lines, expected_lines, "line")


def unordered_tokens(got: str, expected: str) -> tuple[bool, str]:
    """The same multiset of tokens, in any order and layout."""
    return _same_multiset(Counter(_split(got)), Counter(_split(expected)), "token")


def _same_multiset(got: Counter, expected: Counter, what: str) -> tuple[bool, str]:
    if got == expected:
        return True, ""
    missing, extra = expected - got, got - expected
    if missing:
        item = next(iter(missing))
        return False, f"expected {what} {_short(_show(item))!r} is missing ({sum(missing.values())} missing in all)"
    item = next(iter(extra))
    return False, f"unexpected {what} {_short(_show(item))!r} ({sum(extra.values())} extra in all)"


def _show(item: str | tuple[str, ...]) -> str:
    return " ".join(item) if isinstance(item, tuple) else item


def yes_no(got: str, expected: str) -> tuple[bool, str]:
    """Tokens equal, where an expected `yes`/`no` matches in any letter case (`YES`, `Yes`)."""
    got_tokens, expected_tokens = _split(got), _split(expected)
    if len(got_tokens) != len(expected_tokens):
        return False, f"{len(got_tokens)} token(s), expected {len(expected_tokens)}"
    for index, (g, e) in enumerate(zip(got_tokens, expected_tokens, strict=True)):
        if g == e or (e.lower() in _YES_NO and g.lower() == e.lower()):
            continue
        return False, f"token {index + 1}: got {_short(g)!r}, expected {_short(e)!r}"
    return True, ""


_TEXT = {"exact": exact, "lcb": lcb, "tokens": tokens, "float": float_tokens, "unordered_lines": unordered_lines,
         "unordered_tokens": unordered_tokens, "yes_no": yes_no}


# ---- functional return values ---------------------------------------------------------------------


def check_value(spec: dict[str, Any], got: Any, expected: Any) -> tuple[bool, str]:
    """Compare a returned value with the JSON-decoded expected one.

    LiveCodeBench's `grade_call_based` rule for every checker (a top-level tuple becomes a list, then
    `==`; nested tuples stay tuples, so `[(1, 2)]` is not `[[1, 2]]`), except: a checker with a tolerance
    (`float`, `tokens` with abs_tol/rel_tol) compares numbers within it; `unordered_lines` accepts the
    top-level list in any order (LeetCode's "return the answer in any order"), `unordered_tokens` also
    each list inside it.
    """
    name = _known(spec["name"])
    if isinstance(got, tuple):
        got = list(got)
    if name in ("unordered_lines", "unordered_tokens") and isinstance(got, list) and isinstance(expected, list):
        inner = name == "unordered_tokens"
        got, expected = _sorted(got, inner), _sorted(expected, inner)
    if got == expected:
        return True, ""
    abs_tol, rel_tol = spec.get("abs_tol", 0.0), spec.get("rel_tol", 0.0)
    if (abs_tol or rel_tol) and _close_values(got, expected, abs_tol, rel_tol):
        return True, ""
    return False, f"returned {_short(repr(got))}, expected {_short(repr(expected))}"


def _sorted(items: list, inner: bool) -> list:
    if inner:
        items = [_sorted(list(i), False) if isinstance(i, list | tuple) else i for i in items]
    return sorted(items, key=repr)  # a total order on mixed values; equal elements sort together


def _close_values(got: Any, expected: Any, abs_tol: float, rel_tol: float) -> bool:
    if isinstance(got, bool) or isinstance(expected, bool):
        return got == expected
    if isinstance(got, int | float) and isinstance(expected, int | float):
        if got != got or expected != expected:  # NaN matches nothing
            return False
        return abs(got - expected) <= max(abs_tol, rel_tol * abs(expected))
    if isinstance(got, list | tuple) and isinstance(expected, list | tuple) and type(got) is type(expected):
        return len(got) == len(expected) and all(_close_values(g, e, abs_tol, rel_tol) for g, e in zip(got, expected, strict=True))
    return got == expected


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
