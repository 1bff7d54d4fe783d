"""The input of the analysis: one `RunPoint` per evaluated model, gathered in `StudyResults`.

A study evaluates students trained on subsets of several sizes and conditions. Each evaluation run
becomes one point:

    RunPoint(student="qwen2.5-7b", start="base", condition="random", size=1000, pass_at_1=0.055,
             completion_rate=0.1842, think_tag_rate=0.1406)

- `student` names the student family; `start` the checkpoint its training started from (`"base"` for
  the instruct model, or e.g. `"30K"` for the 30K-distilled checkpoint of the reference study's
  staged runs); `condition` the kind of training data (`"random"` for the nested size ladder,
  `"correct"`, `"hard"`, ...).
- `size` is the number of training examples; **size 0 is the untrained `start` model, the baseline**
  that every gain and every valley is measured against. A curve (one student, start and condition)
  uses its own size-0 point when it has one, else the `"baseline"` condition's size-0 point.
- `replicate` numbers repeated runs of one point (e.g. training seeds); the analysis pools them
  (`pool_replicates`).
- `correct` (optional) is the per-problem, per-sample correctness `{problem_id: [bool, ...]}`. With
  it the analysis adds bootstrap confidence intervals and paired per-problem tests; without it (e.g.
  published numbers) it fits and compares the point estimates only.

The study runner fills these from the store with `run_point_from_store`; `read_results_csv` reads
externally reported numbers.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from codedistill.errors import DataError, data_error

if TYPE_CHECKING:
    from codedistill.store import Store

BASELINE = "baseline"
BASE_START = "base"


class RunPoint(BaseModel):
    """One evaluated model: who it is, what it was trained on, and how it scored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    student: str = Field(description="Student family, e.g. `qwen2.5-7b-instruct`.")
    start: str = Field(default=BASE_START, description="Checkpoint training started from: `base` or a stage name such as `30K`.")
    condition: str = Field(default="random", description="Training-data condition: `random` (size ladder), `correct`, `hard`, ...; `baseline` for untrained.")
    size: int = Field(ge=0, description="Training examples; 0 = the untrained `start` model (the baseline).")
    trained: int | None = Field(default=None, ge=0, description="Examples actually trained on (after over-length and "
                                "bad-trace drops), when recorded; `size` is the subset's nominal size.")
    pass_at_1: float = Field(ge=0.0, le=1.0, description="pass@1 averaged over problems.")
    pass_at_1_ci: tuple[float, float] | None = Field(default=None, description="A reported (low, high) interval, used when `correct` is absent.")
    completion_rate: float | None = Field(default=None, ge=0.0, le=1.0, description="Share of generations that stopped inside the token budget.")
    think_tag_rate: float | None = Field(default=None, ge=0.0, le=1.0, description="Share of generations that begin with <think>.")
    verdicts: dict[str, float] = Field(default_factory=dict, description="Share of samples per verdict status (the verdict mix).")
    correct: dict[str, list[bool]] | None = Field(default=None, description="Per-problem, per-sample correctness, for CIs and paired tests.")
    run_id: str = Field(default="", description="The store run this point came from, if any.")
    replicate: int = Field(default=0, ge=0, description="Replicate (e.g. training seed); replicates of one point are pooled by `pool_replicates`.")
    replicates: int = Field(default=1, ge=1, description="How many replicate runs a pooled point stands for.")

    @model_validator(mode="after")
    def _consistent(self) -> RunPoint:
        if self.correct is not None:
            if not self.correct or any(not samples for samples in self.correct.values()):
                raise ValueError("`correct` needs at least one problem and one sample per problem")
            observed = sum(sum(s) / len(s) for s in self.correct.values()) / len(self.correct)
            if not math.isclose(observed, self.pass_at_1, abs_tol=1e-6):
                raise ValueError(f"`pass_at_1` is {self.pass_at_1:.6f} but `correct` gives {observed:.6f}; "
                                 "pass the value computed from the same samples")
        if self.pass_at_1_ci is not None and not self.pass_at_1_ci[0] <= self.pass_at_1 <= self.pass_at_1_ci[1]:
            raise ValueError(f"`pass_at_1_ci` {self.pass_at_1_ci} does not contain `pass_at_1` {self.pass_at_1}")
        return self

    @property
    def label(self) -> str:
        """Short display name: `qwen · 30K + correct 6K`."""
        start = "" if self.start == BASE_START else f"{self.start} + "
        what = "baseline" if self.size == 0 else f"{self.condition} {format_size(self.size)}"
        return f"{self.student} · {start}{what}"


class StudyResults(BaseModel):
    """Every evaluated point of one study (the analysis input)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="study", description="Title used in the report.")
    points: list[RunPoint] = Field(min_length=1)
    metadata: dict[str, Any] = Field(default_factory=dict, description="Free-form context shown in the report.")
    warnings: list[str] = Field(default_factory=list, description="Problems with the data behind the points, shown first in the report.")

    @model_validator(mode="after")
    def _unique(self) -> StudyResults:
        seen: set[tuple[str, str, str, int, int]] = set()
        for point in self.points:
            key = (point.student, point.start, point.condition, point.size, point.replicate)
            if key in seen:
                raise ValueError(f"two points for student={key[0]!r} start={key[1]!r} condition={key[2]!r} size={key[3]} "
                                 f"replicate={key[4]}; give replicates distinct `replicate` numbers")
            seen.add(key)
        return self

    def baseline(self, student: str, start: str, condition: str | None = None) -> RunPoint | None:
        """The size-0 point a curve or gain is measured against (its own, else the `baseline` condition's)."""
        zeros = {p.condition: p for p in self.points if p.student == student and p.start == start and p.size == 0}
        if condition is not None and condition in zeros:
            return zeros[condition]
        return zeros.get(BASELINE) or (next(iter(zeros.values())) if len(zeros) == 1 else None)


def pool_replicates(results: StudyResults) -> StudyResults:
    """One point per (student, start, condition, size): replicates pooled.

    With per-sample results, each problem's samples are concatenated across replicates (so the
    bootstrap sees the seed-to-seed spread as sample noise) and pass@1 is recomputed from them;
    otherwise pass@1 and the rates are averaged. The verdict mix is averaged.
    """
    groups: dict[tuple[str, str, str, int], list[RunPoint]] = {}
    for point in results.points:
        groups.setdefault((point.student, point.start, point.condition, point.size), []).append(point)
    if all(len(g) == 1 for g in groups.values()):
        return results
    return results.model_copy(update={"points": [_pool(g) if len(g) > 1 else g[0] for g in groups.values()]})


def _pool(points: list[RunPoint]) -> RunPoint:
    def mean(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return sum(present) / len(present) if present else None

    correct = None
    pass_at_1 = sum(p.pass_at_1 for p in points) / len(points)
    if all(p.correct is not None for p in points):
        correct = {}
        for p in points:
            for problem, samples in p.correct.items():
                correct.setdefault(problem, []).extend(samples)
        pass_at_1 = sum(sum(s) / len(s) for s in correct.values()) / len(correct)
    statuses = dict.fromkeys(s for p in points for s in p.verdicts)
    return points[0].model_copy(update={
        "pass_at_1": pass_at_1, "pass_at_1_ci": None, "correct": correct, "replicate": 0,
        "replicates": sum(p.replicates for p in points),
        "completion_rate": mean([p.completion_rate for p in points]),
        "think_tag_rate": mean([p.think_tag_rate for p in points]),
        "verdicts": {s: sum(p.verdicts.get(s, 0.0) for p in points) / len(points) for s in statuses},
        "trained": None if any(p.trained is None for p in points) else round(sum(p.trained for p in points) / len(points)),
        "run_id": ",".join(p.run_id for p in points if p.run_id),
    })


def format_size(size: int) -> str:
    """1000 -> `1K`, 30000 -> `30K`, 1500 -> `1.5K`, 250 -> `250`."""
    if size >= 1_000_000 and size % 100_000 == 0:
        return f"{size / 1_000_000:g}M"
    if size >= 1000 and size % 100 == 0:
        return f"{size / 1000:g}K"
    return str(size)


# CSV ---------------------------------------------------------------------------------------------
REQUIRED_COLUMNS = ("student", "size", "pass_at_1")
OPTIONAL_COLUMNS = ("start", "condition", "completion_rate", "think_tag_rate", "pass_at_1_low", "pass_at_1_high",
                    "run_id", "replicate")
VERDICT_PREFIX = "verdict_"


def read_results_csv(path: str | Path, *, name: str | None = None) -> StudyResults:
    """Read externally reported numbers: one row per point; `verdict_<status>` columns give the mix.

    Columns: student, size, pass_at_1 (required); start, condition, completion_rate, think_tag_rate,
    pass_at_1_low, pass_at_1_high, run_id, replicate (optional; empty cells are missing values). `size` accepts
    `1000`, `1K` or `1.5K`. Lines starting with `#` are comments.
    """
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:  # -sig: spreadsheets write a BOM
        lines = [(number, line) for number, line in enumerate(handle, start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise data_error(path, None, None, "no rows; expected a header line and one row per point")
    header_line, *rows = lines
    reader = csv.DictReader([line for _, line in lines])
    columns = [c.strip() for c in reader.fieldnames or []]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    for column in columns:
        if column not in known and not column.startswith(VERDICT_PREFIX):
            raise data_error(path, header_line[0], column, f"unknown column; expected some of {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)} or {VERDICT_PREFIX}<status>")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise data_error(path, header_line[0], missing[0], "required column is missing; add it to the header")
    points = [_csv_point(path, number, {k.strip(): (v or "").strip() for k, v in row.items() if k is not None})
              for (number, _), row in zip(rows, reader, strict=True)]
    if not points:
        raise data_error(path, None, None, "a header but no rows")
    try:
        return StudyResults(name=name or path.stem, points=points)
    except ValidationError as exc:
        raise data_error(path, None, None, _pydantic_message(exc)) from None


def _csv_point(path: Path, line: int, row: dict[str, str]) -> RunPoint:
    values: dict[str, Any] = {"student": row.get("student", ""), "run_id": row.get("run_id", "")}
    for column in ("start", "condition"):
        if row.get(column):
            values[column] = row[column]
    if row.get("replicate"):
        if not row["replicate"].isdigit():
            raise data_error(path, line, "replicate", f"not a non-negative integer: {row['replicate']!r}")
        values["replicate"] = int(row["replicate"])
    try:
        values["size"] = parse_size(row["size"])
    except ValueError as exc:
        raise data_error(path, line, "size", f"{exc}; write an integer such as 1000 or 1K") from None
    for column in ("pass_at_1", "completion_rate", "think_tag_rate", "pass_at_1_low", "pass_at_1_high"):
        if row.get(column):
            try:
                values[column] = float(row[column])
            except ValueError:
                raise data_error(path, line, column, f"not a number: {row[column]!r}") from None
    low, high = values.pop("pass_at_1_low", None), values.pop("pass_at_1_high", None)
    if (low is None) != (high is None):
        raise data_error(path, line, "pass_at_1_low", "give both pass_at_1_low and pass_at_1_high, or neither")
    if low is not None:
        values["pass_at_1_ci"] = (low, high)
    verdicts = {}
    for column, cell in row.items():
        if column.startswith(VERDICT_PREFIX) and cell:
            try:
                verdicts[column[len(VERDICT_PREFIX):]] = float(cell)
            except ValueError:
                raise data_error(path, line, column, f"not a number: {cell!r}") from None
    values["verdicts"] = verdicts
    if not values["student"]:
        raise data_error(path, line, "student", "empty; name the student model")
    try:
        return RunPoint(**values)
    except ValidationError as exc:
        raise data_error(path, line, None, _pydantic_message(exc)) from None


def parse_size(text: str) -> int:
    """`30000`, `30K`, `30k`, `1.5K`, `2M` -> an integer count of examples."""
    text = text.strip().replace("_", "").replace(",", "")
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    try:
        number = float(text[:-1] if factor > 1 else text)
    except ValueError:
        number = math.nan
    if not number >= 0 or number * factor != round(number * factor):
        raise ValueError(f"not a whole non-negative size: {text!r}")
    return int(round(number * factor))


def _pydantic_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"].removeprefix("Value error, "))
    return "; ".join(parts)


# Store -------------------------------------------------------------------------------------------
def run_point_from_store(store: Store, run_id: str, *, student: str, size: int, condition: str = "random",
                         start: str = BASE_START, replicate: int = 0, accepted: str = "accepted") -> RunPoint:
    """A point from one evaluation run in the store: its `metrics` rows and its `sample_results`.

    Reads the metric names `codedistill.evaluate` logs (`pass@1`, `completion_rate`, `think_tag_rate`,
    `verdict/<status>`); per-sample correctness (status == accepted) comes from `sample_results`, and
    when present pass@1 is recomputed from it so the point and its CIs agree.
    """
    metrics = {row["name"]: row["value"] for row in store.metrics(run_id)}
    rows = store.sample_results(run_id)
    correct: dict[str, list[bool]] | None = None
    if rows:
        correct = {}
        for row in rows:
            correct.setdefault(row["problem_id"], []).append(row["status"] == accepted)
    if correct is not None:
        pass_at_1 = sum(sum(s) / len(s) for s in correct.values()) / len(correct)
    elif "pass@1" in metrics:
        pass_at_1 = metrics["pass@1"]
    else:
        raise DataError(f"run {run_id!r}: no `pass@1` metric and no sample results in the store; evaluate it first")
    verdicts = {name.removeprefix("verdict/"): value for name, value in metrics.items()
                if name.startswith("verdict/") and value is not None}
    return RunPoint(student=student, start=start, condition=condition, size=size, pass_at_1=pass_at_1,
                    completion_rate=metrics.get("completion_rate"), think_tag_rate=metrics.get("think_tag_rate"),
                    verdicts=verdicts, correct=correct, run_id=run_id, replicate=replicate)


def points_where(points: Iterable[RunPoint], **match: Any) -> list[RunPoint]:
    """The points whose attributes equal every `match` value, sorted by size."""
    return sorted((p for p in points if all(getattr(p, k) == v for k, v in match.items())), key=lambda p: p.size)
