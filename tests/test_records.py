"""The record contracts: checker and interactor fields validate with clear errors and round-trip."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from codedistill.recordio import read_records, write_jsonl
from codedistill.records import (
    BUILTIN_CHECKERS,
    FloatChecker,
    LcbChecker,
    Problem,
    Program,
    TokensChecker,
)


def problem(**fields) -> Problem:
    return Problem(id="p", source="s", statement="", metadata={"k": 1}, **fields)


def test_checker_is_null_a_builtin_by_name_or_a_program() -> None:
    assert problem().checker is None
    assert problem(checker="lcb").checker == LcbChecker(name="lcb")  # the bare name is shorthand
    assert problem(checker={"name": "float"}).checker == FloatChecker(name="float", abs_tol=1e-6, rel_tol=1e-6)
    assert problem(checker={"name": "tokens", "case_sensitive": False}).checker.case_sensitive is False
    assert problem(checker={"language": "cpp", "code": "int main() {}"}).checker == Program(language="cpp", code="int main() {}")
    assert problem(interactor={"language": "python", "code": "print(1)"}).interactor.language == "python"
    assert BUILTIN_CHECKERS == ("exact", "lcb", "tokens", "float", "unordered_lines", "unordered_tokens", "yes_no")


@pytest.mark.parametrize(
    ("checker", "message"),
    [
        ({"name": "flaot"}, "does not match any of the expected tags: 'exact', 'lcb'"),
        ({"name": "float", "abs_tol": 0, "rel_tol": 0}, "`float` needs `abs_tol` or `rel_tol` > 0"),
        ({"name": "tokens", "tol": 1e-6}, "Extra inputs are not permitted"),
        ({"name": "tokens", "abs_tol": -1}, "greater than or equal to 0"),
        ({"language": "java", "code": "class A {}"}, "Input should be 'python' or 'cpp'"),
        ({"language": "python", "code": ""}, "at least 1 character"),
        ({"nme": "lcb"}, 'a checker is a built-in ({"name": "tokens"}'),
        (3, 'a checker is a built-in ({"name": "tokens"}'),
    ],
)
def test_bad_checkers_say_what_is_wrong(checker, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        problem(checker=checker)
    assert info.value.errors()[0]["loc"][0] == "checker"
    assert message in str(info.value)


def test_checkers_round_trip_through_jsonl_and_parquet(tmp_path) -> None:
    problems = [
        problem(checker="lcb"),
        problem(checker=TokensChecker(name="tokens", abs_tol=1e-5)),
        problem(checker=Program(language="python", code="import sys")),
        problem(interactor=Program(language="cpp", code="int main() {}")),
        problem(),
    ]
    for name in ("p.jsonl", "p.parquet"):  # Parquet fills a struct's unused fields with nulls
        write_jsonl(tmp_path / name, problems)
        back = list(read_records(tmp_path / name, Problem))
        assert [(p.checker, p.interactor) for p in back] == [(p.checker, p.interactor) for p in problems]
