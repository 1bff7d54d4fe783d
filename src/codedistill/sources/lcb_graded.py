"""Official LiveCodeBench grader output (`*_eval_all.json`): problems with statement-sample tests, and the
graded solutions with their official verdicts.

The files hold no hidden tests. AtCoder statements carry "Sample Input k / Sample Output k" blocks,
which become stdin tests; the official verdict of each solution, and for wrong answers the failing
(input, expected) pair recorded in `metadata`, make a deterministic agreement check against the
official judge.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codedistill.errors import DataError, data_error
from codedistill.grading import SOURCE_CHECKERS
from codedistill.records import Difficulty, Problem, TestCase
from codedistill.sources.lcb import errata_metadata

_INPUT_HEADER = re.compile(r"Sample Input (\d+)[ \t]*(?=\r?\n)")
_BREAKS = re.compile(r"(?:\r?\n)*")
_DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class GradedSample:
    """One graded solution: the code, the official verdict and, for failures, what the grader recorded."""

    problem_id: str
    platform: str
    code: str
    passed: bool
    error_code: int | None = None  # -1 compile, -2 wrong answer, -3 time limit, -4 runtime error
    inputs: str | None = None  # the failing test's input, in the problem's test format
    expected: str | None = None
    output: str | None = None


def _load(path: str | Path) -> list[dict[str, Any]]:
    try:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise data_error(path, exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    if not isinstance(rows, list):
        raise data_error(path, None, None, "expected a JSON list of graded problems")
    return rows


def parse_samples(statement: str) -> list[TestCase]:
    """AtCoder "Sample Input k" / "Sample Output k" blocks as stdin tests (CRLF normalised).

    In these files a block is a header, a few line breaks, the content, a blank line and any
    explanation; lines inside the content are joined by CRLF, so the content ends at the first blank
    line. An empty expected output shows as one more line break after its header than after the input
    header of the same sample.
    """
    tests = []
    for header in _INPUT_HEADER.finditer(statement):
        number = header.group(1)
        output_header = re.compile(rf"\n[ \t]*Sample Output {number}[ \t]*(?=\r?\n)").search(statement, header.end())
        if output_header is None:
            continue
        gap = _BREAKS.match(statement, header.end()).end() - header.end()
        given = _normalise(statement[header.end():output_header.start()]).strip("\n")
        breaks = _BREAKS.match(statement, output_header.end())
        rest = statement[breaks.end():]
        if breaks.end() - output_header.end() > gap or not rest:
            expected = ""
        else:
            expected = _normalise(re.split(r"\n\n|\n[ \t]*Sample Input \d", rest, maxsplit=1)[0]).strip("\n")
        tests.append(TestCase(input=given + "\n", output=expected + "\n" if expected else ""))
    return tests


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fn_name(starter_code: str) -> str | None:
    found = _DEF.findall(starter_code)
    return found[-1] if found else None


def read_lcb_graded(path: str | Path, *, skip_bad: bool = False) -> Iterator[Problem]:
    """Problems of a graded file; AtCoder problems get their statement samples as tests."""
    for index, row in enumerate(_load(path), start=1):
        try:
            yield _problem(row)
        except (KeyError, TypeError, ValueError) as exc:
            if not skip_bad:
                raise data_error(path, index, str(exc.args[0]) if isinstance(exc, KeyError) else None,
                                 f"cannot read graded problem ({exc!r}); pass skip_bad=True to skip it") from None


def _problem(row: dict[str, Any]) -> Problem:
    platform = row["platform"]
    starter = row.get("starter_code") or ""
    difficulty = str(row.get("difficulty") or "").lower()
    fn_name = _fn_name(starter) if starter.strip() else None
    return Problem(
        id=str(row["question_id"]),
        source="lcb",
        platform=platform,
        title=row.get("question_title", ""),
        statement=row["question_content"],
        starter_code=starter,
        fn_name=fn_name,
        tests=parse_samples(row["question_content"]) if platform == "atcoder" else [],
        checker=None if fn_name else SOURCE_CHECKERS["lcb"],
        difficulty=Difficulty(difficulty) if difficulty in {d.value for d in Difficulty} else None,
        difficulty_raw=row.get("difficulty"),
        contest_date=str(row.get("contest_date") or "")[:10] or None,
        metadata={"contest_id": row.get("contest_id"), "tests_from": "statement samples", **errata_metadata(str(row["question_id"]))},
    )


def read_lcb_graded_samples(path: str | Path) -> Iterator[GradedSample]:
    """Each graded solution with its official verdict and recorded failure, if any."""
    for row in _load(path):
        functional = bool((row.get("starter_code") or "").strip())
        for code, passed, meta in zip(row["code_list"], row["graded_list"], row["metadata"], strict=False):
            info = json.loads(meta) if isinstance(meta, str) else dict(meta)
            error = info.get("error_code")
            yield GradedSample(
                problem_id=str(row["question_id"]),
                platform=row["platform"],
                code=code,
                passed=bool(passed),
                error_code=int(error) if error is not None else None,
                inputs=_recorded(info.get("inputs"), functional, is_input=True),
                expected=_recorded(info.get("expected"), functional, is_input=False),
                output=_recorded(info.get("output"), functional, is_input=False),
            )


def _recorded(value: Any, functional: bool, *, is_input: bool) -> str | None:
    """A recorded test value in our test format; functional values are stored as `repr` of JSON text.

    Functional inputs are the argument list (`'[[24, 9], 1]'`) and become one JSON value per line.
    Unparseable (e.g. truncated) values give None.
    """
    if value is None:
        return None
    if not functional:
        return str(value)
    try:
        text = ast.literal_eval(value) if isinstance(value, str) and value[:1] in "'\"" else value
        decoded = json.loads(text) if isinstance(text, str) else text
    except (ValueError, SyntaxError):
        return None
    if is_input:
        if not isinstance(decoded, list):
            return None
        return "\n".join(json.dumps(arg) for arg in decoded)
    return json.dumps(decoded)
