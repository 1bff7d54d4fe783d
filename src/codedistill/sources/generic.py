"""Generic JSONL/Parquet rows mapped onto `Problem` or `Trace` fields with `SourceConfig.field_map`.

    field_map: {id: task_id, statement: question, tests: meta.tests}   # record field → (dotted) column

Unmapped fields are looked up under their own name. A trace row gives its teacher output in `text`
(or `reasoning_content` + `content`) and is normalised like every other trace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from codedistill.curate.difficulty import normalize_difficulty
from codedistill.curate.think_tags import build_trace
from codedistill.records import Problem, TestCase, Trace
from codedistill.sources.config import SourceConfig
from codedistill.sources.rows import Rejects, RowContext, read_rows

_MISSING = object()


def read_generic(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem | Trace]:
    cfg = cfg or SourceConfig()
    convert = _trace if cfg.record == "trace" else _problem
    yield from read_rows(path, lambda row: convert(row, cfg), skip_bad=cfg.skip_bad, rejects=rejects)


def _lookup(row: RowContext, cfg: SourceConfig, field: str, default: Any = _MISSING) -> Any:
    column = cfg.field_map.get(field, field)
    value: Any = row.row
    for part in column.split("."):
        if not isinstance(value, dict) or part not in value:
            if default is _MISSING:
                raise row.error(column, f"missing (record field `{field}`); map it with field_map.{field}=COLUMN")
            return default
        value = value[part]
    return value


def _problem(row: RowContext, cfg: SourceConfig) -> Iterator[Problem]:
    source = cfg.source_name or "jsonl"
    tests = _lookup(row, cfg, "tests", [])
    if isinstance(tests, str):
        import json

        try:
            tests = json.loads(tests)
        except json.JSONDecodeError as exc:
            raise row.error(cfg.field_map.get("tests", "tests"), f"bad JSON inside the field: {exc.msg}") from None
    raw_difficulty = _lookup(row, cfg, "difficulty", None)
    fields = {name: _lookup(row, cfg, name, None)
              for name in ("platform", "title", "starter_code", "fn_name", "contest_date", "checker", "interactor")}
    yield row.build(
        Problem,
        id=str(_lookup(row, cfg, "id", f"{source}/{row.number}")),
        source=source,
        statement=_lookup(row, cfg, "statement"),
        tests=[_test(row, cfg, t) for t in tests],
        difficulty=normalize_difficulty(source, raw_difficulty, cfg.difficulty),
        difficulty_raw=None if raw_difficulty is None else str(raw_difficulty),
        **{k: v for k, v in fields.items() if v is not None},
    )


def _test(row: RowContext, cfg: SourceConfig, test: Any) -> TestCase:
    if not isinstance(test, dict):
        raise row.error(cfg.field_map.get("tests", "tests"), f"each test must be an object with input/output, got {type(test).__name__}")
    return row.build(TestCase, **test)


def _trace(row: RowContext, cfg: SourceConfig) -> Iterator[Trace]:
    content = _lookup(row, cfg, "content", None)
    reasoning = _lookup(row, cfg, "reasoning_content", None)
    raw = content if reasoning is not None and content is not None else _lookup(row, cfg, "text")
    if not isinstance(raw, str):
        raise row.error(cfg.field_map.get("text", "text"), f"expected the teacher output as a string, got {type(raw).__name__}")
    yield build_trace(
        str(_lookup(row, cfg, "id", f"{cfg.source_name or 'jsonl'}/{row.number}")),
        str(_lookup(row, cfg, "problem_id")),
        raw,
        reasoning_content=reasoning,
        teacher=str(_lookup(row, cfg, "teacher", "")),
        source=cfg.source_name or "jsonl",
        prompt=str(_lookup(row, cfg, "prompt", "")),
    )
