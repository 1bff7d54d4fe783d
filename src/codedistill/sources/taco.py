"""TACO (Hub: `BAAI/TACO`) and APPS (Hub: `codeparrot/apps`): statement, `input_output` JSON tests, solutions.

Ids are `taco/{split}/{index}` and `apps/{split}/{index}` with the 0-based row index of the Hub split, the
key OpenCodeReasoning uses (`dataset/split/index`), so a local copy must keep the Hub's row order.

`input_output` is `{"inputs": [...], "outputs": [...], "fn_name"?}`. Stdin tests are text (or lists of
lines, joined). Functional inputs are argument lists, turned into LiveCodeBench's one-JSON-value-per-line
form; APPS wraps each expected return value in a one-element list, which is unwrapped.

Stdin problems are compared as TACO's and APPS' graders compare (`grading.SOURCE_CHECKERS`). A problem
whose statement accepts several outputs, or that TACO's `output_spj.jsonl` marks (`taco_special_judge`,
test split), gets `metadata.needs_special_judge`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from codedistill.curate.difficulty import normalize_difficulty
from codedistill.errors import DataError
from codedistill.grading import SOURCE_CHECKERS, special_judge_reason
from codedistill.records import Problem, TestCase, TestKind
from codedistill.sources.config import SourceConfig
from codedistill.sources.rows import Rejects, RowContext, read_rows

_SPLITS = ("train", "test", "validation", "valid")


def split_of(path: Path, default: str = "train") -> str:
    """The Hub split a local file holds, from its name (`train.jsonl`, `test-00000-of-00001.parquet`)."""
    stem = path.name.lower()
    return next((s for s in _SPLITS if stem.startswith(s)), default)


def read_taco(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem]:
    yield from _read(Path(path), "taco", cfg or SourceConfig(), rejects)


def read_apps(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem]:
    yield from _read(Path(path), "apps", cfg or SourceConfig(), rejects)


def _read(path: Path, source: str, cfg: SourceConfig, rejects: Rejects | None) -> Iterator[Problem]:
    split = split_of(path)
    marked = _special_judge_rows(cfg.taco_special_judge) if source == "taco" and split == "test" else set()
    yield from read_rows(path, lambda row: _problem(row, source, split, cfg, marked), skip_bad=cfg.skip_bad, rejects=rejects)


def _special_judge_rows(path: Path | None) -> set[int]:
    """Row indices TACO's `output_spj.jsonl` (one `{"idx", "special_judge"}` per test row) marks."""
    if path is None:
        return set()
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return {int(r["idx"]) for r in rows if r["special_judge"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: taco_special_judge: not TACO's output_spj.jsonl ({exc!r})") from None


def _problem(row: RowContext, source: str, split: str, cfg: SourceConfig, marked: set[int]) -> Iterator[Problem]:
    spec = row.json_field("input_output", default={}) or {}
    if not isinstance(spec, dict):
        raise row.error("input_output", f"expected an object with inputs/outputs, got {type(spec).__name__}")
    fn_name = spec.get("fn_name") or None
    tests = io_tests(row, spec, fn_name)
    solutions = row.json_field("solutions", default=[]) or []
    if not isinstance(solutions, list) or not all(isinstance(s, str) for s in solutions):
        raise row.error("solutions", "expected a JSON list of program strings")
    raw_difficulty = row.get("difficulty", default=None)
    index = row.number - 1
    metadata: dict[str, Any] = {"split": split, "index": index}
    for key in ("url", "name", "source", "date", "time_limit", "memory_limit", "problem_id", "tags", "skill_types"):
        if row.row.get(key) not in (None, ""):
            metadata[key] = row.row[key]
    statement = row.get("question")
    reason = "TACO output_spj.jsonl: special_judge" if index in marked else special_judge_reason(statement)
    if reason:
        metadata["needs_special_judge"] = reason
    yield row.build(
        Problem,
        id=f"{source}/{split}/{index}",
        source=source,
        platform=str(row.row.get("source") or ""),
        title=str(row.row.get("name") or ""),
        statement=statement,
        starter_code=row.get("starter_code", default="") or "",
        fn_name=fn_name,
        tests=tests,
        checker=None if fn_name else SOURCE_CHECKERS[source],
        difficulty=normalize_difficulty(source, raw_difficulty, cfg.difficulty),
        difficulty_raw=raw_difficulty,
        solutions=solutions,
        metadata=metadata,
    )


def io_tests(row: RowContext, spec: dict[str, Any], fn_name: str | None) -> list[TestCase]:
    """Tests from a TACO/APPS `input_output` object."""
    inputs, outputs = spec.get("inputs", []), spec.get("outputs", [])
    if not isinstance(inputs, list) or not isinstance(outputs, list) or len(inputs) != len(outputs):
        raise row.error("input_output", f"inputs and outputs must be lists of equal length, got {len(inputs)} and {len(outputs)}")
    if fn_name:
        return [TestCase(input=_args(row, i), output=_returned(o), kind=TestKind.FUNCTIONAL) for i, o in zip(inputs, outputs, strict=True)]
    return [TestCase(input=_text(i), output=_text(o), kind=TestKind.STDIN) for i, o in zip(inputs, outputs, strict=True)]


def _args(row: RowContext, args: Any) -> str:
    if not isinstance(args, list):
        raise row.error("input_output.inputs", f"a functional input must be a list of arguments, got {type(args).__name__}")
    return "\n".join(json.dumps(a) for a in args)


def _returned(value: Any) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return json.dumps(value)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)
