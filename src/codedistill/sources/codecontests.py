"""CodeContests, in the Hub layout (`deepmind/code_contests`: `description`, `public_tests`,
`private_tests`, `generated_tests` as `{input: [...], output: [...]}`) or the rllm/DeepCoder layout
(`problem`, `tests: {inputs, outputs}`). All tests are stdin/stdout.

Ids are `codecontests/{split}/{index}` (0-based Hub row index, OpenCodeReasoning's key). Difficulty
comes from `cf_rating` when rated, else from the `difficulty` enum (EASY..HARDEST, letters A..V).
Outputs are compared as DeepMind's grader compares them (`grading.SOURCE_CHECKERS`); the format marks
no multiple-answer problems, so their statements are read for it (`metadata.needs_special_judge`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from codedistill.curate.difficulty import (
    CODECONTESTS_LEVELS,
    DifficultyConfig,
    normalize_difficulty,
    rating_difficulty,
)
from codedistill.grading import SOURCE_CHECKERS, special_judge_reason
from codedistill.records import Difficulty, Problem, TestCase, TestKind
from codedistill.sources.config import SourceConfig
from codedistill.sources.rows import Rejects, RowContext, read_rows
from codedistill.sources.taco import split_of

_PYTHON3 = 3  # `solutions.language` enum: 1 PYTHON (2), 2 CPP, 3 PYTHON3, 4 JAVA


def read_codecontests(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem]:
    cfg = cfg or SourceConfig()
    path = Path(path)
    split = split_of(path, default="test" if "test" in path.name else "train")
    yield from read_rows(path, lambda row: _problem(row, split, cfg), skip_bad=cfg.skip_bad, rejects=rejects)


def _problem(row: RowContext, split: str, cfg: SourceConfig) -> Iterator[Problem]:
    index = row.number - 1
    if "problem" in row.row and "description" not in row.row:  # rllm / DeepCoder layout
        tests = _tests(row, "tests", row.get("tests", dict), "inputs", "outputs")
        statement, title, difficulty, raw, solutions = row.get("problem"), "", None, None, []
    else:
        tests = []
        for field in ("public_tests", "private_tests", "generated_tests"):
            tests += _tests(row, field, row.get(field, dict, default={}) or {}, "input", "output")
        statement, title = row.get("description"), row.get("name", default="")
        difficulty, raw = _difficulty(row, cfg.difficulty)
        solutions = _python3_solutions(row)
    metadata = {"split": split, "index": index, **{k: row.row[k] for k in ("cf_contest_id", "cf_index", "cf_rating") if k in row.row}}
    reason = special_judge_reason(statement)
    if reason:
        metadata["needs_special_judge"] = reason
    yield row.build(
        Problem,
        id=f"codecontests/{split}/{index}",
        source="codecontests",
        platform="codeforces" if row.row.get("cf_contest_id") else "",
        title=title,
        statement=statement.strip(),
        tests=tests,
        difficulty=difficulty,
        difficulty_raw=raw,
        solutions=solutions,
        checker=SOURCE_CHECKERS["codecontests"],
        metadata=metadata,
    )


def _tests(row: RowContext, field: str, spec: dict[str, Any], ins: str, outs: str) -> list[TestCase]:
    inputs, outputs = spec.get(ins, []), spec.get(outs, [])
    if not isinstance(inputs, list) or not isinstance(outputs, list) or len(inputs) != len(outputs):
        raise row.error(field, f"`{ins}` and `{outs}` must be lists of equal length")
    if not all(isinstance(v, str) for v in inputs + outputs):
        raise row.error(field, "every test input and output must be a string")
    return [TestCase(input=i, output=o, kind=TestKind.STDIN) for i, o in zip(inputs, outputs, strict=True)]


def _difficulty(row: RowContext, cfg: DifficultyConfig) -> tuple[Difficulty | None, str | None]:
    rating = row.row.get("cf_rating") or 0
    if isinstance(rating, int | float) and rating > 0:
        return rating_difficulty(rating, cfg), f"cf_rating:{rating}"
    code = row.row.get("difficulty")
    if not isinstance(code, int) or not 0 <= code < len(CODECONTESTS_LEVELS):
        return None, None
    return normalize_difficulty("codecontests", code, cfg), CODECONTESTS_LEVELS[code]


def _python3_solutions(row: RowContext) -> list[str]:
    spec = row.row.get("solutions") or {}
    if not isinstance(spec, dict):
        return []
    languages, codes = spec.get("language", []), spec.get("solution", [])
    return [code for lang, code in zip(languages, codes, strict=False) if lang == _PYTHON3]
