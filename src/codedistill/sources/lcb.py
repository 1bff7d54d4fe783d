"""LiveCodeBench `code_generation_lite` release files (Hub: `livecodebench/code_generation_lite`).

Release `release_vN` is the union of `test.jsonl`, `test2.jsonl` .. `testN.jsonl`; each file holds the
problems added in that release. `private_test_cases` is either JSON or base64 → zlib → pickle → a JSON
string; the pickle is decoded by `_StrOnlyUnpickler`, which refuses every global (so no object can be
built and no callable reached), and the result must be a `str`.

Problems are compared with LCB's own rule (checker `lcb`); ERRATA problems, dropped unless
`keep_errata`, that accept several outputs or are interactive get `metadata.needs_special_judge`.
"""

from __future__ import annotations

import base64
import binascii
import io
import pickle
import re
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from codedistill.curate.difficulty import normalize_difficulty
from codedistill.errors import DataError
from codedistill.grading import SOURCE_CHECKERS
from codedistill.records import Problem, TestCase, TestKind
from codedistill.sources.config import SourceConfig
from codedistill.sources.rows import Rejects, RowContext, read_rows

LATEST_RELEASE = 6

# LiveCodeBench ERRATA.md: problems that accept several outputs, are interactive, or have broken tests.
ERRATA: dict[str, str] = {
    "abc311_c": "multiple solutions accepted",
    "abc326_d": "multiple solutions accepted",
    "abc327_b": "multiple solutions accepted",
    "abc333_e": "multiple solutions accepted",
    "abc343_e": "multiple solutions accepted",
    "abc362_c": "multiple solutions accepted",
    "arc185_c": "multiple solutions accepted",
    "find-words-containing-character": "multiple solutions accepted",
    "find-the-peaks": "multiple solutions accepted",
    "generate-binary-strings-without-adjacent-zeros": "multiple solutions accepted",
    "abc337_e": "interactive",
    "abc355_e": "interactive",
    "abc350_c": "erroneous test cases",
    "apply-operations-to-make-string-empty": "erroneous test case (empty string)",
    "most-frequent-ids": "adversarial input outside the constraints",
}

_SPECIAL_JUDGE_ERRATA = ("multiple solutions accepted", "interactive")

_FILE_VERSION = re.compile(r"^test(\d*)\.(jsonl|parquet)$")


def errata_metadata(problem_id: str) -> dict[str, str]:
    """`{"needs_special_judge": reason}` for ERRATA problems that comparing outputs cannot judge."""
    reason = ERRATA.get(problem_id)
    return {"needs_special_judge": f"LiveCodeBench ERRATA: {reason}"} if reason in _SPECIAL_JUDGE_ERRATA else {}


class _StrOnlyUnpickler(pickle.Unpickler):
    """Unpickles plain data only: any global lookup (the route to code execution) is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused global {module}.{name}: only a pickled str is allowed")


def decode_private_tests(value: str) -> list[dict[str, Any]]:
    """Decode `private_test_cases` (JSON, or base64 → zlib → str-only pickle → JSON) to a list of tests.

    Raises `ValueError` with the reason when the field is neither.
    """
    import json

    text = value.strip()
    if not text:
        return []
    if text[0] == "[":
        return json.loads(text)
    try:
        packed = zlib.decompress(base64.b64decode(text.encode("utf-8")))
    except (binascii.Error, zlib.error) as exc:
        raise ValueError(f"neither JSON nor base64+zlib ({exc})") from None
    try:
        payload = _StrOnlyUnpickler(io.BytesIO(packed)).load()
    except Exception as exc:  # UnpicklingError, EOFError, ... from a hostile or corrupt stream
        raise ValueError(f"pickle refused: {exc}") from None
    if not isinstance(payload, str):
        raise ValueError(f"pickle holds {type(payload).__name__}, expected a JSON str")
    tests = json.loads(payload)
    if not isinstance(tests, list):
        raise ValueError(f"decoded tests are {type(tests).__name__}, expected a list")
    return tests


def release_files(path: Path, version: str) -> list[Path]:
    """The files of `path` (a file or a release folder) that make up `version`."""
    wanted = _versions(version)
    files = sorted(p for p in path.iterdir() if _FILE_VERSION.match(p.name)) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise DataError(f"{path}: no LCB release files (test.jsonl .. test{LATEST_RELEASE}.jsonl) in this folder")
    chosen = []
    for file in files:
        number = file_version(file)
        if number is None or number in wanted:
            chosen.append(file)
    if not chosen:
        raise DataError(
            f"{path}: holds release v{file_version(files[0])}, not part of `release_version` {version}; "
            "pass the release folder or set release_version to match"
        )
    return chosen


def file_version(path: Path) -> int | None:
    """`test.jsonl` → 1, `test5.jsonl` → 5; None for a file named otherwise (no release filter applies)."""
    match = _FILE_VERSION.match(path.name)
    return (int(match.group(1) or 1)) if match else None


def _versions(version: str) -> set[int]:
    text = version.removeprefix("release_")
    if text == "latest":
        return set(range(1, LATEST_RELEASE + 1))
    delta = re.fullmatch(r"v(\d+)_v(\d+)", text)
    if delta:
        return set(range(int(delta.group(1)) + 1, int(delta.group(2)) + 1))
    single = re.fullmatch(r"v(\d+)", text)
    if single:
        return set(range(1, int(single.group(1)) + 1))
    raise DataError(f"release_version: `{version}` is not `release_vN`, `release_latest` or `vM_vN`")


def read_lcb(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem]:
    """Problems of the chosen release and date window; ERRATA problems dropped unless `keep_errata`."""
    cfg = cfg or SourceConfig()
    for file in release_files(Path(path), cfg.release_version):
        for problem in read_rows(file, lambda row: _problem(row, cfg), skip_bad=cfg.skip_bad, rejects=rejects):
            if not cfg.keep_errata and problem.id in ERRATA:
                continue
            if in_window(problem.contest_date, cfg.start_date, cfg.end_date):
                yield problem


def in_window(contest_date: str | None, start: date | None, end: date | None) -> bool:
    """Whether an ISO date lies in [start, end]; an undated problem is outside any bounded window."""
    if start is None and end is None:
        return True
    if not contest_date:
        return False
    day = date.fromisoformat(contest_date[:10])
    return (start is None or day >= start) and (end is None or day <= end)


def _problem(row: RowContext, cfg: SourceConfig) -> Iterator[Problem]:
    public = row.json_field("public_test_cases", default=[])
    try:
        private = decode_private_tests(row.get("private_test_cases", default=""))
    except ValueError as exc:
        raise row.error("private_test_cases", f"{exc}; the field must be JSON or LCB's base64/zlib/pickle form") from None
    metadata = row.json_field("metadata", default={})
    fn_name = metadata.get("func_name") if isinstance(metadata, dict) else None
    tests = [_test(row, "public_test_cases" if i < len(public) else "private_test_cases", t) for i, t in enumerate(public + private)]
    raw_difficulty = row.get("difficulty", default=None)
    contest_date = row.get("contest_date", default=None)
    yield row.build(
        Problem,
        id=row.get("question_id"),
        source="lcb",
        platform=row.get("platform", default=""),
        title=row.get("question_title", default=""),
        statement=row.get("question_content"),
        starter_code=row.get("starter_code", default=""),
        fn_name=fn_name or None,
        tests=tests,
        difficulty=normalize_difficulty("lcb", raw_difficulty, cfg.difficulty),
        difficulty_raw=raw_difficulty,
        contest_date=contest_date[:10] if contest_date else None,
        checker=None if fn_name else SOURCE_CHECKERS["lcb"],
        metadata={"contest_id": row.get("contest_id", default=""), "num_public_tests": len(public), "file": row.path.name,
                  **errata_metadata(row.get("question_id"))},
    )


def _test(row: RowContext, field: str, test: Any) -> TestCase:
    if not isinstance(test, dict) or "input" not in test or "output" not in test:
        raise row.error(field, f"a test must be an object with input and output, got {str(test)[:60]!r}")
    kind = TestKind.FUNCTIONAL if test.get("testtype") == "functional" else TestKind.STDIN
    return TestCase(input=test["input"], output=test["output"], kind=kind)
